using System.Text.RegularExpressions;

namespace TaskGateway.Benchmarks.Load;

/// <summary>Starts the upstream and gateways as separate processes on loopback ports they choose themselves.</summary>
internal sealed partial class Stack(string root, string self, string? gatewayDll, IReadOnlyDictionary<string, string> gatewayEnvironment)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The gateway to measure: this tree's Release build, or another build (an older commit's) given with --gateway-dll.</summary>
    public string GatewayDll => gatewayDll ?? Path.Combine(root, "src", "TaskGateway", "bin", "Release", "net10.0", "TaskGateway.dll");

    public async Task<(ChildProcess Process, Uri Address)> StartUpstreamAsync(TimeSpan changePeriod)
    {
        var process = ChildProcess.Start("upstream", self, ["upstream", "--change-period", changePeriod.ToString("c")], new Dictionary<string, string>());
        var address = await process.WaitForAsync(UpstreamLine(), StartTimeout).ConfigureAwait(false);
        return (process, new Uri(address));
    }

    /// <summary>A gateway with one IoTDA instance task source on the upstream (token auth), every feature on as shipped.</summary>
    public async Task<Gateway> StartGatewayAsync(Uri upstream, IReadOnlyDictionary<string, string>? extra = null)
    {
        if (!File.Exists(GatewayDll))
        {
            throw new InvalidOperationException($"{GatewayDll} is missing: run the benchmark with 'dotnet run -c Release'.");
        }

        var environment = GatewayEnvironment(upstream);
        foreach (var (key, value) in gatewayEnvironment.Concat(extra ?? new Dictionary<string, string>()))
        {
            environment[key] = value;
        }

        var process = ChildProcess.Start("gateway", GatewayDll, [], environment);
        var grpc = await process.WaitForAsync(GrpcLine(), StartTimeout).ConfigureAwait(false);
        var rest = await process.WaitForAsync(RestLine(), StartTimeout).ConfigureAwait(false);
        return new Gateway(process, new Uri(grpc), new Uri(rest));
    }

    /// <summary>
    /// The measured gateway's settings: one IoTDA instance task source on the upstream. Also printed by the
    /// `gateway-env` command, so that gateways started by hand for profiling (tools/perf) run with the same ones.
    /// </summary>
    public static Dictionary<string, string> GatewayEnvironment(Uri upstream) => new()
    {
        ["TaskGateway__Hosting__GrpcPort"] = "0",
        ["TaskGateway__Hosting__RestPort"] = "0",
        ["TaskGateway__Sources__iot__Kind"] = "IotdaInstanceTask",
        ["TaskGateway__Sources__iot__Endpoint"] = upstream.ToString().TrimEnd('/'),
        ["TaskGateway__Sources__iot__Auth__Scheme"] = "Token",
        ["TaskGateway__Sources__iot__Auth__Token"] = MinimalUpstream.Token,
        ["TaskGateway__Sources__iot__MinPollInterval"] = "00:00:01",
        ["TaskGateway__Sources__iot__MaxPollInterval"] = "00:00:01",
        // S3: one load generator holds every watch stream, and so is one caller.
        ["TaskGateway__Callers__MaxWatchStreams"] = "20000",
        ["DOTNET_gcServer"] = "0",
    };

    /// <summary>
    /// The floor of a gRPC-to-REST hop: a bare hop with no features, or with the libraries the gateway's features are
    /// built on (see BareHop), its gRPC and REST addresses.
    /// </summary>
    public async Task<Gateway> StartBareHopAsync(Uri upstream, bool libraries)
    {
        var (process, grpc) = libraries
            ? await StartAnchorAsync("bare hop with libraries", "bare-hop", upstream, BareHopLine(), "--libraries").ConfigureAwait(false)
            : await StartAnchorAsync("bare hop", "bare-hop", upstream, BareHopLine()).ConfigureAwait(false);
        var rest = await process.WaitForAsync(BareHopRestLine(), StartTimeout).ConfigureAwait(false);
        return new Gateway(process, grpc, new Uri(rest));
    }

    /// <summary>The anchor of S1: a plain YARP reverse proxy to the same upstream (see YarpProxy).</summary>
    public Task<(ChildProcess Process, Uri Address)> StartYarpAsync(Uri upstream) => StartAnchorAsync("yarp", "yarp", upstream, YarpLine());

    // The anchors run from this tool's own build, each as its own process, as the gateway does.
    private async Task<(ChildProcess Process, Uri Address)> StartAnchorAsync(string name, string command, Uri upstream, Regex listening, params string[] options)
    {
        var process = ChildProcess.Start(name, self, [command, upstream.ToString(), .. options], new Dictionary<string, string>());
        var address = await process.WaitForAsync(listening, StartTimeout).ConfigureAwait(false);
        return (process, new Uri(address));
    }

    [GeneratedRegex(@"yarp listening on (http://\S+)")]
    private static partial Regex YarpLine();

    [GeneratedRegex(@"bare hop listening on (http://\S+)")]
    private static partial Regex BareHopLine();

    [GeneratedRegex(@"bare hop REST on (http://\S+)")]
    private static partial Regex BareHopRestLine();

    [GeneratedRegex(@"upstream listening on (http://\S+)")]
    private static partial Regex UpstreamLine();

    [GeneratedRegex(@"gRPC \(h2c\) on (http://[0-9.]+:[0-9]+)")]
    private static partial Regex GrpcLine();

    [GeneratedRegex(@"REST/JSON on (http://[0-9.]+:[0-9]+)")]
    private static partial Regex RestLine();
}
