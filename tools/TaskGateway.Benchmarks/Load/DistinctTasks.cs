namespace TaskGateway.Benchmarks.Load;

/// <summary>
/// Task numbers that never repeat within a run, shared by every worker: no two calls ask for the same task, so no
/// call can share another's upstream fetch (single-flight) or be served from a window, and each one costs the
/// whole translation path. The upstream answers any id. Numbers start above the tasks S2 and S3 use.
/// </summary>
internal sealed class DistinctTasks
{
    private int _last = MinimalUpstream.Tasks;

    public int Next() => Interlocked.Increment(ref _last);
}
