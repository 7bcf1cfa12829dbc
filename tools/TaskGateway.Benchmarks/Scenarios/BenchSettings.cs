namespace TaskGateway.Benchmarks.Scenarios;

/// <summary>
/// How long each point runs: the full run for the committed figures, --quick to prove the command works. S1 measures
/// each point in rounds (a warm-up and a window each), the paths of one concurrency taking turns round by round, so
/// that a change of load on the shared machine falls on every path compared rather than on whichever ran then.
/// </summary>
internal sealed record BenchSettings(bool Quick, TimeSpan Warmup, TimeSpan Window, int Watchers, TimeSpan WatchWindow, int Rounds, TimeSpan RoundWarmup)
{
    /// <summary>One S1 round's measured window: the point's window shared out over its rounds.</summary>
    public TimeSpan RoundWindow => Window / Rounds;

    public static BenchSettings For(bool quick) => quick
        ? new(true, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), 1_000, TimeSpan.FromSeconds(3), 1, TimeSpan.FromSeconds(0.5))
        : new(false, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5), 10_000, TimeSpan.FromSeconds(20), 5, TimeSpan.FromSeconds(0.6));
}
