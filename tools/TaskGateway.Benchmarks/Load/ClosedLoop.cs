using System.Diagnostics;

namespace TaskGateway.Benchmarks.Load;

/// <summary>
/// A closed-loop load generator: N workers, each sending its next call as soon as the last one answered, for a
/// warm-up (discarded) and then a measured window; the gateway's CPU time is read at the window's edges. Upstream
/// calls are counted over the whole loop instead, from before its first call to after its last one was answered, so
/// that no call is in flight at either edge and upstream calls per request is exact however short the window.
/// </summary>
internal static class ClosedLoop
{
    public static async Task<LoadResult> RunAsync(int concurrency, TimeSpan warmup, TimeSpan window, Func<int, CancellationToken, Task> call, ChildProcess? measured, Func<Task<long>> upstreamCalls)
    {
        var measuring = 0;
        var stop = 0;
        var latencies = new List<long>[concurrency];
        var errors = 0L;
        var upstreamAtStart = await upstreamCalls().ConfigureAwait(false);
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<long>(64 * 1024);
            var n = w;
            var calls = 0L;
            while (Volatile.Read(ref stop) == 0)
            {
                var started = Stopwatch.GetTimestamp();
                calls++;
                try
                {
                    await call(n++, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                    continue;
                }

                if (Volatile.Read(ref measuring) == 1)
                {
                    mine.Add(Stopwatch.GetTimestamp() - started);
                }
            }

            return calls;
        })).ToList();

        await Task.Delay(warmup).ConfigureAwait(false);
        Interlocked.Exchange(ref errors, 0);
        var cpuBefore = measured?.CpuTime ?? TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref measuring, 1);
        await Task.Delay(window).ConfigureAwait(false);
        Volatile.Write(ref measuring, 0);
        var elapsed = clock.Elapsed;
        var cpu = (measured?.CpuTime ?? TimeSpan.Zero) - cpuBefore;
        var failed = Interlocked.Read(ref errors);
        Volatile.Write(ref stop, 1);
        var calls = (await Task.WhenAll(workers).ConfigureAwait(false)).Sum();
        var upstream = await upstreamCalls().ConfigureAwait(false) - upstreamAtStart;

        return new LoadResult(latencies.Sum(l => l.Count), failed, elapsed, cpu, calls, upstream, [.. latencies.SelectMany(l => l).Order()]);
    }
}
