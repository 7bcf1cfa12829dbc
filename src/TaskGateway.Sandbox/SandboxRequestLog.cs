using System.Collections.Concurrent;

namespace TaskGateway.Sandbox;

/// <summary>Every request the sandbox received (method and raw target), so tests can prove what reached a backend.</summary>
public sealed class SandboxRequestLog
{
    private readonly ConcurrentQueue<string> _targets = new();
    private readonly ConcurrentQueue<string> _traceParents = new();
    private readonly int _capacity;
    private int _count;

    /// <summary>Creates a log that keeps the latest <paramref name="capacity"/> targets and traceparents.</summary>
    public SandboxRequestLog(int capacity = 100_000) => _capacity = Math.Max(1, capacity);
    private int _aborted;
    private int _delaying;

    /// <summary>How many requests arrived.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The raw targets (path and query) in arrival order, the latest ones (RequestLogCapacity).</summary>
    public IReadOnlyList<string> Targets => [.. _targets];

    /// <summary>How many targets contain a text.</summary>
    public int CountContaining(string text) => _targets.Count(t => t.Contains(text, StringComparison.Ordinal));

    /// <summary>How many requests the gateway gave up on (connection closed) while the sandbox was still delaying its answer.</summary>
    public int Aborted => Volatile.Read(ref _aborted);

    internal void MarkAborted() => Interlocked.Increment(ref _aborted);

    /// <summary>How many requests have started waiting out a fault's delay (its timer exists).</summary>
    public int Delaying => Volatile.Read(ref _delaying);

    internal void MarkDelaying() => Interlocked.Increment(ref _delaying);

    /// <summary>The W3C traceparent headers received, the latest ones (requests without one are skipped).</summary>
    public IReadOnlyList<string> TraceParents => [.. _traceParents];

    internal void Add(string target, string? traceParent = null)
    {
        _targets.Enqueue(target);
        if (!string.IsNullOrEmpty(traceParent))
        {
            _traceParents.Enqueue(traceParent);
            while (_traceParents.Count > _capacity && _traceParents.TryDequeue(out _))
            {
            }
        }

        Interlocked.Increment(ref _count);

        // Long runs (the soak) keep only the most recent targets; the count stays exact.
        while (_targets.Count > _capacity && _targets.TryDequeue(out _))
        {
        }
    }
}
