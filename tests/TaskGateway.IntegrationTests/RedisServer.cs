using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace TaskGateway.IntegrationTests;

/// <summary>
/// A real redis-server on a loopback port, without persistence, that a test can stop and start again on the same port.
/// Where redis-server is not installed the tests that need it are skipped, unless TASKGATEWAY_REQUIRE_REDIS=1 (CI
/// sets it, and installs redis-server) makes that a failure.
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private ChildProcess? _process;

    private RedisServer(string path) => Path = path;

    public string Path { get; }

    public int Port { get; } = LocalPorts.Free();

    public string Configuration => $"127.0.0.1:{Port}";

    public static RedisServer? Find()
    {
        var path = Environment.GetEnvironmentVariable("PATH")!.Split(System.IO.Path.PathSeparator)
            .Select(d => System.IO.Path.Combine(d, "redis-server")).FirstOrDefault(File.Exists);
        if (path is null && Environment.GetEnvironmentVariable("TASKGATEWAY_REQUIRE_REDIS") == "1")
        {
            throw new InvalidOperationException("redis-server is not on PATH, and TASKGATEWAY_REQUIRE_REDIS=1 requires it (apt-get install redis-server).");
        }

        return path is null ? null : new RedisServer(path);
    }

    public async Task StartAsync()
    {
        _process = ChildProcess.Start("redis-server", Path, ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
        var clock = Stopwatch.StartNew();
        while (!await PingAsync())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(20) || _process.HasExited)
            {
                throw new InvalidOperationException("redis-server did not answer PING:\n" + string.Join('\n', _process.Lines));
            }

            await Task.Delay(50);
        }
    }

    public void Stop() => _process?.Kill();

    public void Dispose() => _process?.Dispose();

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
