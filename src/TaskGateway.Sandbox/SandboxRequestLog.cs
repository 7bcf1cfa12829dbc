using System.Collections.Concurrent;

namespace TaskGateway.Sandbox;

/// <summary>Every request the sandbox received (method and raw target), so tests can prove what reached a backend.</summary>
public sealed class SandboxRequestLog
{
    private readonly ConcurrentQueue<string> _targets = new();
    private const int MaxTargets = 100_000;
    private int _count;
    private int _aborted;

    /// <summary>How many requests arrived.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The raw targets (path and query) in arrival order, the latest 100,000.</summary>
    public IReadOnlyList<string> Targets => [.. _targets];

    /// <summary>How many targets contain a text.</summary>
    public int CountContaining(string text) => _targets.Count(t => t.Contains(text, StringComparison.Ordinal));

    /// <summary>How many requests the gateway gave up on (connection closed) while the sandbox was still delaying its answer.</summary>
    public int Aborted => Volatile.Read(ref _aborted);

    internal void MarkAborted() => Interlocked.Increment(ref _aborted);

    internal void Add(string target)
    {
        _targets.Enqueue(target);
        Interlocked.Increment(ref _count);

        // Long runs (the soak) keep only the most recent targets; the count stays exact.
        while (_targets.Count > MaxTargets && _targets.TryDequeue(out _))
        {
        }
    }
}
