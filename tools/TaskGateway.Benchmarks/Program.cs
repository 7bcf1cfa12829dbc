using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using TaskGateway.Benchmarks;
using TaskGateway.Benchmarks.Micro;
using TaskGateway.Benchmarks.Scenarios;

// dotnet run -c Release --project tools/TaskGateway.Benchmarks -- [--quick] [--out DIR] [--only S1,S2,S3] [--skip-micro]
//   [--gateway-dll PATH] [--gateway-env KEY=VALUE]...   measure another gateway build (e.g. an older commit's)
//   every scenario in one run, written to docs/benchmarks (or out/benchmarks-quick with --quick)
// ... -- upstream --change-period 00:00:03   the minimal upstream alone (the orchestrator starts it itself)
// ... -- events [--subscriptions N] [--tasks M]  push at scale (docs/benchmarks/events.md)
// ... -- bare-hop URL [--libraries [--without tracing,metrics,resilience]] | yarp URL   the bare gRPC-to-REST hop (with
//                                              the gateway's feature libraries, or all but some), the plain YARP proxy,
//                                              in front of an upstream
// ... -- gateway-env URL                      the measured gateway's settings for that upstream, as KEY=VALUE lines
if (args is ["upstream", ..])
{
    var period = args.Length > 2 && args[1] == "--change-period" ? TimeSpan.Parse(args[2], CultureInfo.InvariantCulture) : TimeSpan.FromSeconds(3);
    return await MinimalUpstream.RunAsync(period);
}

if (args is ["load", var grpcAddress, var restOrGrpc, var concurrencyText, var secondsText])
{
    // A bare closed loop against a running gateway, for profiling: load http://127.0.0.1:5000 grpc|rest 1 30
    // A distinct task per call, as in S1: every call reaches the upstream.
    var gateway = new TaskGateway.Benchmarks.Load.Gateway(null!, new Uri(grpcAddress), new Uri(grpcAddress));
    using var clients = new TaskGateway.Benchmarks.Load.Clients(new Uri("http://127.0.0.1:1"), gateway);
    var ids = new TaskGateway.Benchmarks.Load.DistinctTasks();
    Func<int, CancellationToken, Task> call = restOrGrpc == "rest" ? (_, ct) => clients.RestAsync(ids.Next(), ct) : (_, ct) => clients.GrpcAsync(ids.Next(), ct);
    var result = await TaskGateway.Benchmarks.Load.ClosedLoop.RunAsync(int.Parse(concurrencyText, CultureInfo.InvariantCulture), TimeSpan.FromSeconds(2),
        TimeSpan.FromSeconds(int.Parse(secondsText, CultureInfo.InvariantCulture)), call, null, () => Task.FromResult(0L));
    Console.WriteLine($"{result.Throughput:F0} rps, p50 {result.P50Micros:F0} us, p99 {result.P99Micros:F0} us, errors {result.Errors}");
    return 0;
}

if (args is ["gateway-env", var upstreamForEnvironment])
{
    // The measured gateway's settings as KEY=VALUE lines, for gateways started by hand (tools/perf/c1-stack.sh).
    foreach (var (key, value) in TaskGateway.Benchmarks.Load.Stack.GatewayEnvironment(new Uri(upstreamForEnvironment)))
    {
        Console.WriteLine($"{key}={value}");
    }

    return 0;
}

if (args is ["events-upstream"])
{
    return await EventsUpstream.RunAsync();
}

if (args is ["events", ..])
{
    // Push at scale: ... -- events [--subscriptions 10000] [--tasks 1000] [--out DIR]; writes events.md and events.json.
    int Option(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    var eventsOut = Array.IndexOf(args, "--out") is var o and >= 0 && o + 1 < args.Length ? Path.GetFullPath(args[o + 1]) : Path.Combine(Orchestrator.RepositoryRoot(), "docs", "benchmarks");
    return await EventsScenario.RunAsync(Orchestrator.RepositoryRoot(), Option("--subscriptions", 10_000), Option("--tasks", 1_000), eventsOut);
}

if (args is ["bare-hop", var upstreamAddress, .. var bareOptions])
{
    // null: the plain hop; otherwise the libraries hop with those libraries.
    var (valid, libraries) = bareOptions switch
    {
        [] => (true, null),
        ["--libraries"] => (true, HopLibraries.All),
        ["--libraries", "--without", var without] when HopLibraries.AllBut(without) is { } some => (true, some),
        _ => (false, (HopLibraries?)null),
    };
    if (!valid)
    {
        Console.Error.WriteLine($"bare-hop takes an upstream URL, then at most --libraries [--without {string.Join(',', HopLibraries.Names)}], not: {string.Join(' ', bareOptions)}");
        return 2;
    }

    return await BareHop.RunAsync(new Uri(upstreamAddress), libraries);
}

if (args is ["yarp", var proxiedAddress])
{
    return await YarpProxy.RunAsync(new Uri(proxiedAddress));
}

if (args is ["micro", ..])
{
    // BenchmarkDotNet's own command line: e.g. micro --filter '*Mapping*'
    BenchmarkSwitcher.FromTypes([typeof(MappingBenchmarks), typeof(RequestPathBenchmarks)]).Run(args[1..]);
    return 0;
}

var quick = args.Contains("--quick");
var outIndex = Array.IndexOf(args, "--out");
var onlyIndex = Array.IndexOf(args, "--only");
var dllIndex = Array.IndexOf(args, "--gateway-dll");
var gatewayDll = dllIndex >= 0 && dllIndex + 1 < args.Length ? Path.GetFullPath(args[dllIndex + 1]) : null;
// --gateway-env KEY=VALUE (repeatable): extra configuration for the measured gateway, e.g. to measure an older build.
var gatewayEnvironment = args.Select((a, i) => (a, i)).Where(p => p.a == "--gateway-env" && p.i + 1 < args.Length)
    .Select(p => args[p.i + 1].Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : string.Empty);
var scenarios = new HashSet<string>(onlyIndex >= 0 && onlyIndex + 1 < args.Length ? args[onlyIndex + 1].Split(',') : ["S1", "S2", "S3"], StringComparer.OrdinalIgnoreCase);
var root = Orchestrator.RepositoryRoot();
var output = outIndex >= 0 && outIndex + 1 < args.Length ? Path.GetFullPath(args[outIndex + 1])
    : Path.Combine(root, quick ? Path.Combine("out", "benchmarks-quick") : Path.Combine("docs", "benchmarks"));
var report = await Orchestrator.RunAsync(root, BenchSettings.For(quick), "dotnet run -c Release --project tools/TaskGateway.Benchmarks --" + (quick ? " --quick" : string.Empty), scenarios, gatewayDll, gatewayEnvironment);
report.Write(output);
Console.WriteLine($"wrote {output}/results.json, results.md, throughput.png");
foreach (var t in report.Targets)
{
    Console.WriteLine($"target {t.Scenario} {t.What}: {t.Measured} ({t.Bound}) {(t.Met ? "met" : "NOT met")}");
}

if (!args.Contains("--skip-micro"))
{
    // Micro benchmarks in this process; --quick runs each once (BenchmarkDotNet's dry job) to prove they work.
    var job = (quick ? Job.Dry : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance);
    var config = DefaultConfig.Instance.AddJob(job).WithArtifactsPath(Path.Combine(output, "micro")).WithOptions(ConfigOptions.DisableLogFile);
    BenchmarkRunner.Run([typeof(MappingBenchmarks), typeof(RequestPathBenchmarks)], config);

    // Keep the Markdown reports, which the docs link to; the CSV and HTML copies say the same.
    foreach (var extra in Directory.EnumerateFiles(Path.Combine(output, "micro", "results")).Where(f => f.EndsWith(".csv", StringComparison.Ordinal) || f.EndsWith(".html", StringComparison.Ordinal)))
    {
        File.Delete(extra);
    }
}

return 0;
