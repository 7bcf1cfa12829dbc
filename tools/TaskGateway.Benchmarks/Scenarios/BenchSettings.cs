namespace TaskGateway.Benchmarks.Scenarios;

/// <summary>How long each point runs: the full run for the committed figures, --quick to prove the command works.</summary>
internal sealed record BenchSettings(bool Quick, TimeSpan Warmup, TimeSpan Window, int Watchers, TimeSpan WatchWindow)
{
    public static BenchSettings For(bool quick) => quick
        ? new(true, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), 1_000, TimeSpan.FromSeconds(3))
        : new(false, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5), 10_000, TimeSpan.FromSeconds(20));
}
