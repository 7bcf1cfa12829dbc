using System.Collections.Concurrent;

namespace TaskGateway.Sandbox;

/// <summary>Every request the sandbox received (method and raw target), so tests can prove what reached a backend.</summary>
public sealed class SandboxRequestLog
{
    private readonly ConcurrentQueue<string> _targets = new();
    private readonly ConcurrentQueue<string> _traceParents = new();
    private readonly int _capacity;
    private int _count;
    private int _aborted;
    private int _delaying;

    /// <summary>Creates a log that keeps the latest <paramref name="capacity"/> targets and traceparents; counts stay exact.</summary>
    public SandboxRequestLog(int capacity = 100_000) => _capacity = Math.Max(1, capacity);

    /// <summary>How many requests arrived.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The raw targets (path and query) in arrival order, the latest ones (RequestLogCapacity).</summary>
    public IReadOnlyList<string> Targets => [.. _targets];

    /// <summary>The W3C traceparent headers received, the latest ones (requests without one are skipped).</summary>
    public IReadOnlyList<string> TraceParents => [.. _traceParents];

    /// <summary>How many requests the gateway gave up on (connection closed) while the sandbox was still delaying its answer.</summary>
    public int Aborted => Volatile.Read(ref _aborted);

    /// <summary>How many requests have started waiting out a fault's delay (its timer exists).</summary>
    public int Delaying => Volatile.Read(ref _delaying);

    /// <summary>How many targets contain a text.</summary>
    public int CountContaining(string text) => _targets.Count(t => t.Contains(text, StringComparison.Ordinal));

    internal void MarkAborted() => Interlocked.Increment(ref _aborted);

    internal void MarkDelaying() => Interlocked.Increment(ref _delaying);

    internal void Add(string target, string? traceParent = null)
    {
        Keep(_targets, target);
        if (!string.IsNullOrEmpty(traceParent))
        {
            Keep(_traceParents, traceParent);
        }

        Interlocked.Increment(ref _count);
    }

    // Long runs (the soak) keep only the most recent entries.
    private void Keep(ConcurrentQueue<string> queue, string item)
    {
        queue.Enqueue(item);
        while (queue.Count > _capacity && queue.TryDequeue(out _))
        {
        }
    }
}
