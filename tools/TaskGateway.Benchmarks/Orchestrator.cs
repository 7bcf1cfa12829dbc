using TaskGateway.Benchmarks.Load;
using TaskGateway.Benchmarks.Report;
using TaskGateway.Benchmarks.Scenarios;

namespace TaskGateway.Benchmarks;

/// <summary>
/// Starts the processes each scenario needs (upstream, gateway, and for S1 the bare hop, the bare hop with the
/// gateway's feature libraries and the YARP proxy, each its own process), runs S1, S2 and S3 in one go and gathers the report.
/// </summary>
internal static class Orchestrator
{
    public static async Task<BenchmarkReport> RunAsync(string root, BenchSettings settings, string command, ISet<string> scenarios, string? gatewayDll, IReadOnlyDictionary<string, string> gatewayEnvironment)
    {
        var self = typeof(Orchestrator).Assembly.Location;
        var stack = new Stack(root, self, gatewayDll, gatewayEnvironment);
        var (upstreamProcess, upstream) = await stack.StartUpstreamAsync(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
        await using var upstreamOwner = upstreamProcess.ConfigureAwait(false);
        await using var gateway = await stack.StartGatewayAsync(upstream).ConfigureAwait(false);
        using var clients = new Clients(upstream, gateway);

        var unary = new List<UnaryRow>();
        if (scenarios.Contains("S1"))
        {
            var bareHop = await stack.StartBareHopAsync(upstream, libraries: false).ConfigureAwait(false);
            await using var bareOwner = bareHop.Process.ConfigureAwait(false);
            using var bare = new Clients(upstream, bareHop);
            var librariesHop = await stack.StartBareHopAsync(upstream, libraries: true).ConfigureAwait(false);
            await using var librariesOwner = librariesHop.Process.ConfigureAwait(false);
            using var libraries = new Clients(upstream, librariesHop);
            var (yarpProcess, yarpAddress) = await stack.StartYarpAsync(upstream).ConfigureAwait(false);
            await using var yarpOwner = yarpProcess.ConfigureAwait(false);
            using var yarp = new Clients(upstream, new Gateway(yarpProcess, yarpAddress, yarpAddress), grpc: false);
            unary.AddRange(await UnaryScenarios.RunS1Async(settings, clients, gateway,
            [
                new("bare", "-hop", bare, bareHop.Process),
                new("bare", "-hop-libraries", libraries, librariesHop.Process),
                new("yarp", string.Empty, yarp, yarpProcess),
            ]).ConfigureAwait(false));
        }

        if (scenarios.Contains("S2"))
        {
            await using var windowed = await stack.StartGatewayAsync(upstream, new Dictionary<string, string> { ["TaskGateway__Sources__iot__Freshness"] = "00:00:00.250" }).ConfigureAwait(false);
            using var windowedClients = new Clients(upstream, windowed);
            unary.AddRange(await UnaryScenarios.RunS2Async(settings, clients, gateway, windowed, windowedClients).ConfigureAwait(false));
        }

        if (!scenarios.Contains("S1"))
        {
            await UnaryScenarios.WarmAsync(settings, clients).ConfigureAwait(false);
        }

        var fanOut = scenarios.Contains("S3") ? await FanOutScenario.RunAsync(settings, clients, gateway).ConfigureAwait(false) : null;
        return new BenchmarkReport(DateTimeOffset.UtcNow, command, settings.Quick, MachineInfo.Current(), unary, fanOut, BenchmarkReport.Evaluate(unary, fanOut), settings);
    }

    /// <summary>The repository root: the first directory upwards holding TaskGateway.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TaskGateway.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run the benchmark from inside the repository");
    }
}
