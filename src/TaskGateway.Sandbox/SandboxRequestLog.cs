using System.Collections.Concurrent;

namespace TaskGateway.Sandbox;

/// <summary>Every request the sandbox received (method and raw target), so tests can prove what reached a backend.</summary>
public sealed class SandboxRequestLog
{
    private readonly ConcurrentQueue<string> _targets = new();
    private int _count;

    /// <summary>How many requests arrived.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The raw targets (path and query) in arrival order.</summary>
    public IReadOnlyList<string> Targets => [.. _targets];

    /// <summary>How many targets contain a text.</summary>
    public int CountContaining(string text) => _targets.Count(t => t.Contains(text, StringComparison.Ordinal));

    internal void Add(string target)
    {
        _targets.Enqueue(target);
        Interlocked.Increment(ref _count);
    }
}
