namespace TaskGateway.Benchmarks.Report;

/// <summary>One target of the speed issue, as a ratio measured in the same run.</summary>
internal sealed record Target(string Scenario, string What, double Measured, string Bound, bool Met);
