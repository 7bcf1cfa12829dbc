namespace TaskGateway.Benchmarks.Load;

/// <summary>One measured window of a closed loop, or several windows of the same path merged.</summary>
/// <remarks>
/// Requests, errors, times and CPU are the windows'; LoopCalls and UpstreamCalls are the whole loops' (warm-ups
/// included, every call answered), so that their ratio has no calls in flight at its edges. Latencies are the
/// windows' calls, in Stopwatch ticks, sorted; the percentiles are read from them.
/// </remarks>
internal sealed record LoadResult(long Requests, long Errors, TimeSpan Elapsed, TimeSpan GatewayCpu, long LoopCalls, long UpstreamCalls, long[] Latencies)
{
    /// <summary>Upstream calls per call the loop made (the upstream counts every task GET).</summary>
    public double UpstreamPerRequest => LoopCalls == 0 ? 0 : (double)UpstreamCalls / LoopCalls;

    public double Throughput => Requests / Elapsed.TotalSeconds;

    /// <summary>The gateway's CPU time per request, in microseconds (0 when no gateway was measured).</summary>
    public double CpuMicrosPerRequest => Requests == 0 ? 0 : GatewayCpu.TotalMicroseconds / Requests;

    public double P50Micros => Microseconds(Percentile(0.50));

    public double P99Micros => Microseconds(Percentile(0.99));

    /// <summary>
    /// The windows of one path taken in rounds, as one: calls, errors, times and CPU added up, every latency kept, so
    /// that the percentiles are those of all the rounds' calls together.
    /// </summary>
    public static LoadResult Merge(IReadOnlyList<LoadResult> rounds) => rounds.Count == 1 ? rounds[0] : new(
        rounds.Sum(r => r.Requests),
        rounds.Sum(r => r.Errors),
        TimeSpan.FromTicks(rounds.Sum(r => r.Elapsed.Ticks)),
        TimeSpan.FromTicks(rounds.Sum(r => r.GatewayCpu.Ticks)),
        rounds.Sum(r => r.LoopCalls),
        rounds.Sum(r => r.UpstreamCalls),
        [.. rounds.SelectMany(r => r.Latencies).Order()]);

    private long Percentile(double p) => Latencies.Length == 0 ? 0 : Latencies[Math.Min(Latencies.Length - 1, (int)Math.Ceiling(p * Latencies.Length) - 1)];

    private static double Microseconds(long ticks) => ticks * 1_000_000.0 / System.Diagnostics.Stopwatch.Frequency;
}
