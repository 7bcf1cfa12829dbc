namespace TaskGateway.Soak;

/// <summary>Memory at one moment: the managed heap after a full collection, and the process working set.</summary>
internal sealed record MemorySample(long ManagedBytes, long WorkingSetBytes, int Gen2Collections)
{
    public override string ToString() =>
        $"managed heap {ManagedBytes / (1024.0 * 1024):F1} MiB, working set {WorkingSetBytes / (1024.0 * 1024):F1} MiB, gen2 collections {Gen2Collections}";
}
