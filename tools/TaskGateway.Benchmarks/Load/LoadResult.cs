namespace TaskGateway.Benchmarks.Load;

/// <summary>One measured window of a closed loop.</summary>
internal sealed record LoadResult(long Requests, long Errors, TimeSpan Elapsed, TimeSpan GatewayCpu, long UpstreamCalls, double P50Micros, double P99Micros)
{
    /// <summary>Upstream calls per request answered in the window (the upstream counts every task GET).</summary>
    public double UpstreamPerRequest => Requests == 0 ? 0 : (double)UpstreamCalls / Requests;

    public double Throughput => Requests / Elapsed.TotalSeconds;

    /// <summary>The gateway's CPU time per request, in microseconds (0 when no gateway was measured).</summary>
    public double CpuMicrosPerRequest => Requests == 0 ? 0 : GatewayCpu.TotalMicroseconds / Requests;
}
