using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using TaskGateway.Benchmarks;
using TaskGateway.Benchmarks.Micro;
using TaskGateway.Benchmarks.Scenarios;

// dotnet run -c Release --project tools/TaskGateway.Benchmarks -- [--quick] [--out DIR] [--skip-micro]
//   every scenario in one run, written to docs/benchmarks (or out/benchmarks-quick with --quick)
// ... -- upstream --change-period 00:00:03   the minimal upstream alone (the orchestrator starts it itself)
if (args is ["upstream", ..])
{
    var period = args.Length > 2 && args[1] == "--change-period" ? TimeSpan.Parse(args[2], CultureInfo.InvariantCulture) : TimeSpan.FromSeconds(3);
    return await MinimalUpstream.RunAsync(period);
}

if (args is ["micro", ..])
{
    // BenchmarkDotNet's own command line: e.g. micro --filter '*Mapping*'
    BenchmarkSwitcher.FromTypes([typeof(MappingBenchmarks), typeof(RequestPathBenchmarks)]).Run(args[1..]);
    return 0;
}

var quick = args.Contains("--quick");
var outIndex = Array.IndexOf(args, "--out");
var root = Orchestrator.RepositoryRoot();
var output = outIndex >= 0 && outIndex + 1 < args.Length ? Path.GetFullPath(args[outIndex + 1])
    : Path.Combine(root, quick ? Path.Combine("out", "benchmarks-quick") : Path.Combine("docs", "benchmarks"));
var report = await Orchestrator.RunAsync(root, BenchSettings.For(quick), "dotnet run -c Release --project tools/TaskGateway.Benchmarks --" + (quick ? " --quick" : string.Empty));
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
}

return 0;
