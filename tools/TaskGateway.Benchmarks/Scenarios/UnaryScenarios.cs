using TaskGateway.Benchmarks.Load;

namespace TaskGateway.Benchmarks.Scenarios;

/// <summary>
/// S1: one task, directly and through the gateway (gRPC and REST), at concurrency 1, 16 and 64.
/// S2: 64 callers asking for 10 tasks, directly and through the gateway with single-flight alone and with a 250 ms
/// freshness window.
/// </summary>
internal static class UnaryScenarios
{
    public static readonly int[] Concurrency = [1, 16, 64];

    public static async Task<List<UnaryRow>> RunS1Async(BenchSettings settings, Clients clients, Gateway gateway, Clients bare, ChildProcess bareProcess)
    {
        await WarmAsync(settings, clients).ConfigureAwait(false);
        await WarmAsync(settings, bare).ConfigureAwait(false);
        var rows = new List<UnaryRow>();
        foreach (var c in Concurrency)
        {
            // The same task every time.
            rows.Add(await PointAsync("S1", "direct", c, settings, (_, ct) => clients.DirectAsync(0, ct), null, clients).ConfigureAwait(false));
            rows.Add(await PointAsync("S1", "gateway-grpc", c, settings, (_, ct) => clients.GrpcAsync(0, ct), gateway.Process, clients).ConfigureAwait(false));
            rows.Add(await PointAsync("S1", "gateway-rest", c, settings, (_, ct) => clients.RestAsync(0, ct), gateway.Process, clients).ConfigureAwait(false));
            rows.Add(await PointAsync("S1", "bare-grpc-hop", c, settings, (_, ct) => bare.GrpcAsync(0, ct), bareProcess, clients).ConfigureAwait(false));
        }

        return rows;
    }

    public static async Task<List<UnaryRow>> RunS2Async(BenchSettings settings, Clients clients, Gateway gateway, Gateway windowed, Clients windowedClients)
    {
        const int callers = 64, tasks = 10;
        await WarmAsync(settings, windowedClients).ConfigureAwait(false);
        return
        [
            await PointAsync("S2", "direct", callers, settings, (n, ct) => clients.DirectAsync(n % tasks, ct), null, clients).ConfigureAwait(false),
            await PointAsync("S2", "gateway-grpc single-flight", callers, settings, (n, ct) => clients.GrpcAsync(n % tasks, ct), gateway.Process, clients).ConfigureAwait(false),
            await PointAsync("S2", "gateway-grpc freshness 250ms", callers, settings, (n, ct) => windowedClients.GrpcAsync(n % tasks, ct), windowed.Process, windowedClients).ConfigureAwait(false),
        ];
    }

    /// <summary>A freshly started process runs its code cold: exercise both routes before any figure is taken.</summary>
    public static async Task WarmAsync(BenchSettings settings, Clients clients)
    {
        var time = settings.Warmup * 2;
        if (clients.Grpc is not null)
        {
            await ClosedLoop.RunAsync(16, time, TimeSpan.FromMilliseconds(100), (n, ct) => clients.GrpcAsync(n % 10, ct), null, () => Task.FromResult(0L)).ConfigureAwait(false);
        }

        if (clients.HasRest)
        {
            await ClosedLoop.RunAsync(16, time, TimeSpan.FromMilliseconds(100), (n, ct) => clients.RestAsync(n % 10, ct), null, () => Task.FromResult(0L)).ConfigureAwait(false);
        }
    }

    private static async Task<UnaryRow> PointAsync(string scenario, string mode, int concurrency, BenchSettings settings,
        Func<int, CancellationToken, Task> call, ChildProcess? gateway, Clients clients)
    {
        var result = await ClosedLoop.RunAsync(concurrency, settings.Warmup, settings.Window, call, gateway, clients.UpstreamCallsAsync).ConfigureAwait(false);
        var row = UnaryRow.Of(scenario, mode, concurrency, result);
        Console.WriteLine($"{scenario} {mode,-30} c={concurrency,-3} {row.Throughput,8:F0} rps  p50 {row.P50Micros,7:F0} us  p99 {row.P99Micros,7:F0} us  " +
            $"gateway CPU {row.GatewayCpuMicrosPerRequest,6:F1} us/req  upstream/req {row.UpstreamCallsPerRequest:F4}  errors {row.Errors}");
        return row;
    }
}
