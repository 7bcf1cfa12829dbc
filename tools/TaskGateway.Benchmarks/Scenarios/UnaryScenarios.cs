using TaskGateway.Benchmarks.Load;

namespace TaskGateway.Benchmarks.Scenarios;

/// <summary>
/// S1, the translation path: a distinct task on every call (no call can share another's upstream fetch), directly,
/// through the gateway (gRPC and REST) and through each anchor: the bare gRPC-to-REST hop (gRPC, and REST by JSON
/// transcoding), the same hop with the gateway's feature libraries, and a plain YARP proxy, at concurrency 1, 16 and
/// 64, the paths of one concurrency taking turns in rounds. Every row reports upstream calls per request, about 1.00.
/// S2, hot tasks: 64 callers asking for one task (the hot path: single-flight answers most calls) and for 10 tasks,
/// directly and through the gateway with single-flight alone and with a 250 ms freshness window.
/// </summary>
internal static class UnaryScenarios
{
    public static readonly int[] Concurrency = [1, 16, 64];

    public static async Task<List<UnaryRow>> RunS1Async(BenchSettings settings, Clients clients, Gateway gateway, IReadOnlyList<S1Anchor> anchors)
    {
        // One sequence for the whole scenario, so that no task is asked for twice in a run, warm-ups included.
        var tasks = new DistinctTasks();
        List<(string Mode, Func<int, CancellationToken, Task> Call, ChildProcess? Process)> paths =
        [
            ("direct", (_, ct) => clients.DirectAsync(tasks.Next(), ct), null),
            ("gateway-grpc", (_, ct) => clients.GrpcAsync(tasks.Next(), ct), gateway.Process),
            ("gateway-rest", (_, ct) => clients.RestAsync(tasks.Next(), ct), gateway.Process),
        ];
        foreach (var anchor in anchors)
        {
            if (anchor.Clients.Grpc is not null)
            {
                paths.Add((anchor.Name + "-grpc" + anchor.Suffix, (_, ct) => anchor.Clients.GrpcAsync(tasks.Next(), ct), anchor.Process));
            }

            paths.Add((anchor.Name + "-rest" + anchor.Suffix, (_, ct) => anchor.Clients.RestAsync(tasks.Next(), ct), anchor.Process));
        }

        // Every path measured is warmed first, on distinct tasks (its process's code, its upstream client, its connections).
        foreach (var path in paths)
        {
            await WarmPathAsync(settings, path.Call).ConfigureAwait(false);
        }

        var rows = new List<UnaryRow>();
        foreach (var c in Concurrency)
        {
            // Round by round, every path of this concurrency in turn; each row merges its path's rounds. Each round
            // starts at another path and every other round runs backwards, so that no path always follows the same
            // one (a process still warm from its other protocol's turn) or always comes first after the last round.
            var rounds = paths.Select(_ => new List<LoadResult>()).ToList();
            for (var round = 0; round < settings.Rounds; round++)
            {
                foreach (var p in TurnOrder(paths.Count, round))
                {
                    rounds[p].Add(await ClosedLoop.RunAsync(c, settings.RoundWarmup, settings.RoundWindow, paths[p].Call, paths[p].Process, clients.UpstreamCallsAsync).ConfigureAwait(false));
                }
            }

            for (var p = 0; p < paths.Count; p++)
            {
                rows.Add(Print(UnaryRow.Of("S1", paths[p].Mode, c, LoadResult.Merge(rounds[p]))));
            }
        }

        return rows;
    }

    /// <summary>The order of the paths in one round: rotated by the round, reversed in odd rounds.</summary>
    public static IEnumerable<int> TurnOrder(int paths, int round)
    {
        var order = Enumerable.Range(0, paths).Select(i => (i + round) % paths);
        return round % 2 == 1 ? order.Reverse() : order;
    }

    public static async Task<List<UnaryRow>> RunS2Async(BenchSettings settings, Clients clients, Gateway gateway, Gateway windowed, Clients windowedClients)
    {
        const int callers = 64, tasks = 10;
        await WarmAsync(settings, windowedClients).ConfigureAwait(false);
        return
        [
            // The same task on every call: what single-flight saves on a hot task (S1 measured this before issue 18).
            await PointAsync("S2", "gateway-grpc one task", callers, settings, (_, ct) => clients.GrpcAsync(0, ct), gateway.Process, clients).ConfigureAwait(false),
            await PointAsync("S2", "gateway-rest one task", callers, settings, (_, ct) => clients.RestAsync(0, ct), gateway.Process, clients).ConfigureAwait(false),
            await PointAsync("S2", "direct", callers, settings, (n, ct) => clients.DirectAsync(n % tasks, ct), null, clients).ConfigureAwait(false),
            await PointAsync("S2", "gateway-grpc single-flight", callers, settings, (n, ct) => clients.GrpcAsync(n % tasks, ct), gateway.Process, clients).ConfigureAwait(false),
            await PointAsync("S2", "gateway-grpc freshness 250ms", callers, settings, (n, ct) => windowedClients.GrpcAsync(n % tasks, ct), windowed.Process, windowedClients).ConfigureAwait(false),
        ];
    }

    /// <summary>
    /// A freshly started process runs its code cold: exercise each route it serves before any figure is taken, on the
    /// ten tasks S2 asks for. S1 warms each of its paths itself, on distinct tasks.
    /// </summary>
    public static async Task WarmAsync(BenchSettings settings, Clients clients)
    {
        if (clients.Grpc is not null)
        {
            await WarmPathAsync(settings, (n, ct) => clients.GrpcAsync(n % 10, ct)).ConfigureAwait(false);
        }

        if (clients.HasRest)
        {
            await WarmPathAsync(settings, (n, ct) => clients.RestAsync(n % 10, ct)).ConfigureAwait(false);
        }
    }

    // 16 callers for twice the point's warm-up; nothing is measured.
    private static Task<LoadResult> WarmPathAsync(BenchSettings settings, Func<int, CancellationToken, Task> call) =>
        ClosedLoop.RunAsync(16, settings.Warmup * 2, TimeSpan.FromMilliseconds(100), call, null, () => Task.FromResult(0L));

    private static async Task<UnaryRow> PointAsync(string scenario, string mode, int concurrency, BenchSettings settings,
        Func<int, CancellationToken, Task> call, ChildProcess? process, Clients clients)
    {
        var result = await ClosedLoop.RunAsync(concurrency, settings.Warmup, settings.Window, call, process, clients.UpstreamCallsAsync).ConfigureAwait(false);
        return Print(UnaryRow.Of(scenario, mode, concurrency, result));
    }

    private static UnaryRow Print(UnaryRow row)
    {
        Console.WriteLine($"{row.Scenario} {row.Mode,-30} c={row.Concurrency,-3} {row.Throughput,8:F0} rps  p50 {row.P50Micros,7:F0} us  p99 {row.P99Micros,7:F0} us  " +
            $"CPU {row.GatewayCpuMicrosPerRequest,6:F1} us/req  upstream/req {row.UpstreamCallsPerRequest:F4}  errors {row.Errors}");
        return row;
    }
}
