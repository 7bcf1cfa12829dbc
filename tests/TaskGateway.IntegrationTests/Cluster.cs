using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using TaskGateway.Sandbox;

namespace TaskGateway.IntegrationTests;

/// <summary>
/// The standalone sandbox and gateway replicas pointed at it, with or without Redis: what production runs, on loopback.
/// Watch polls run every second (MinPollInterval = MaxPollInterval) so that polls per interval are easy to count.
/// </summary>
internal sealed partial class Cluster : IDisposable
{
    public static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(3);

    private readonly ChildProcess _sandbox;
    private readonly HttpClient _http;
    private readonly string _pageTokenKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private Cluster(ChildProcess sandbox, Uri sandboxAddress)
    {
        _sandbox = sandbox;
        SandboxAddress = sandboxAddress;
        _http = new HttpClient { BaseAddress = sandboxAddress };
    }

    public Uri SandboxAddress { get; }

    /// <summary>The TaskGateway:PageTokenKey every replica shares (it also keys what they sign in Redis).</summary>
    public string PageTokenKey => _pageTokenKey;

    public List<Replica> Replicas { get; } = [];

    public static async Task<Cluster> StartAsync()
    {
        var port = LocalPorts.Free();
        var sandbox = ChildProcess.Start("sandbox", "dotnet", [Binaries.Sandbox, "--port", port.ToString(CultureInfo.InvariantCulture)]);
        await sandbox.WaitForLineAsync(SandboxListening(), TimeSpan.FromSeconds(60));
        return new Cluster(sandbox, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>Starts replicas in parallel; with Redis when a configuration string is given.</summary>
    public async Task<IReadOnlyList<Replica>> AddReplicasAsync(int count, string? redis, Action<Dictionary<string, string>>? configure = null)
    {
        var started = await Task.WhenAll(Enumerable.Range(Replicas.Count, count).Select(i =>
        {
            var environment = Environment(redis);
            configure?.Invoke(environment);
            return Replica.StartAsync($"replica-{i}", environment);
        }));
        Replicas.AddRange(started);
        return started;
    }

    /// <summary>Upstream requests whose target contains a text, as the sandbox counted them.</summary>
    public async Task<int> RequestsAsync(string contains)
    {
        var counts = await _http.GetFromJsonAsync<Counts>($"/_sandbox/requests?contains={Uri.EscapeDataString(contains)}");
        return counts!.Matching;
    }

    /// <summary>
    /// Moves every on-demand CloudDC instance (cdc-step-NN) whose id contains a text one step on, through the sandbox's
    /// POST /_sandbox/advance; how many moved.
    /// </summary>
    public async Task<int> AdvanceAsync(string contains)
    {
        using var response = await _http.PostAsync($"/_sandbox/advance?contains={Uri.EscapeDataString(contains)}", content: null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AdvanceResult>())!.Advanced;
    }

    public void Dispose()
    {
        foreach (var replica in Replicas)
        {
            replica.Dispose();
        }

        _http.Dispose();
        _sandbox.Dispose();
    }

    private Dictionary<string, string> Environment(string? redis)
    {
        var environment = SandboxServer.SourceConfigurationFor(SandboxAddress)
            .ToDictionary(kv => "TaskGateway__Sources__" + kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value ?? string.Empty);
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["TaskGateway__Hosting__GrpcPort"] = "0";
        environment["TaskGateway__Hosting__RestPort"] = "0";
        environment["TaskGateway__Sources__clouddc__MinPollInterval"] = "00:00:01";
        environment["TaskGateway__Sources__clouddc__MaxPollInterval"] = "00:00:01";
        environment["TaskGateway__Watch__HeartbeatInterval"] = "00:00:01";
        environment["TaskGateway__Callers__MaxWatchStreams"] = "1000";
        // Astra GetTask answers may be served again for a minute: shared between replicas through Redis, when there is one.
        environment["TaskGateway__Sources__astra__Freshness"] = "00:01:00";
        // One key for all replicas: a watcher may resume on any of them.
        environment["TaskGateway__PageTokenKey"] = _pageTokenKey;
        if (redis is not null)
        {
            environment["TaskGateway__Redis__Configuration"] = redis;
            environment["TaskGateway__Redis__LeaseTtl"] = LeaseTtl.ToString("c", CultureInfo.InvariantCulture);
        }

        return environment;
    }

    [GeneratedRegex("Sandbox listening on")]
    private static partial Regex SandboxListening();

    private sealed record Counts(int Count, int Matching);

    private sealed record AdvanceResult(int Advanced);
}
