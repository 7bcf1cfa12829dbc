using TaskGateway.Benchmarks.Load;

namespace TaskGateway.Benchmarks.Scenarios;

/// <summary>One measured point of S1 or S2.</summary>
internal sealed record UnaryRow(string Scenario, string Mode, int Concurrency, double Throughput, double P50Micros, double P99Micros,
    double GatewayCpuMicrosPerRequest, double UpstreamCallsPerRequest, long Requests, long Errors)
{
    public static UnaryRow Of(string scenario, string mode, int concurrency, LoadResult r) =>
        new(scenario, mode, concurrency, Math.Round(r.Throughput), Math.Round(r.P50Micros), Math.Round(r.P99Micros),
            Math.Round(r.CpuMicrosPerRequest, 1), Math.Round(r.UpstreamPerRequest, 4), r.Requests, r.Errors);
}
