using System.Globalization;
using System.Text.RegularExpressions;
using Grpc.Net.Client;
using TaskGateway.Contracts.V1;

namespace TaskGateway.IntegrationTests;

/// <summary>One gateway process, on ports the OS chose, read from its start-up line.</summary>
internal sealed partial class Replica : IDisposable
{
    private Replica(ChildProcess process, Uri grpc, Uri rest)
    {
        Process = process;
        Rest = new HttpClient { BaseAddress = rest };
        Channel = GrpcChannel.ForAddress(grpc, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true } });
        Client = new TaskService.TaskServiceClient(Channel);
    }

    public ChildProcess Process { get; }

    public GrpcChannel Channel { get; }

    public TaskService.TaskServiceClient Client { get; }

    /// <summary>The REST port: readiness, metrics.</summary>
    public HttpClient Rest { get; }

    public static async Task<Replica> StartAsync(string name, IReadOnlyDictionary<string, string> environment)
    {
        var process = ChildProcess.Start(name, "dotnet", [Binaries.Gateway], environment);
        var banner = await process.WaitForLineAsync(Banner(), TimeSpan.FromSeconds(60));
        return new Replica(process, new Uri($"http://127.0.0.1:{int.Parse(banner.Groups[1].Value, CultureInfo.InvariantCulture)}"),
            new Uri($"http://127.0.0.1:{int.Parse(banner.Groups[2].Value, CultureInfo.InvariantCulture)}"));
    }

    public void Dispose()
    {
        Channel.Dispose();
        Rest.Dispose();
        Process.Dispose();
    }

    [GeneratedRegex(@"\(h2c\) on http://[^:/]+:(\d+), REST/JSON on http://[^:/]+:(\d+)")]
    private static partial Regex Banner();
}
