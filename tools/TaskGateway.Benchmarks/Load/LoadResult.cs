namespace TaskGateway.Benchmarks.Load;

/// <summary>One measured window of a closed loop.</summary>
/// <remarks>
/// Requests, errors, times and CPU are the window's; LoopCalls and UpstreamCalls are the whole loop's (warm-up
/// included, every call answered), so that their ratio has no calls in flight at its edges.
/// </remarks>
internal sealed record LoadResult(long Requests, long Errors, TimeSpan Elapsed, TimeSpan GatewayCpu, long LoopCalls, long UpstreamCalls, double P50Micros, double P99Micros)
{
    /// <summary>Upstream calls per call the loop made (the upstream counts every task GET).</summary>
    public double UpstreamPerRequest => LoopCalls == 0 ? 0 : (double)UpstreamCalls / LoopCalls;

    public double Throughput => Requests / Elapsed.TotalSeconds;

    /// <summary>The gateway's CPU time per request, in microseconds (0 when no gateway was measured).</summary>
    public double CpuMicrosPerRequest => Requests == 0 ? 0 : GatewayCpu.TotalMicroseconds / Requests;
}
