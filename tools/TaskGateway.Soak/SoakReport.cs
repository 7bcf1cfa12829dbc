using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;

namespace TaskGateway.Soak;

/// <summary>Counts outcomes by call kind and status, and samples memory.</summary>
internal sealed class SoakReport
{
    private readonly ConcurrentDictionary<(string Kind, StatusCode Status), long> _outcomes = new();
    private long _watchEvents;

    private readonly ConcurrentDictionary<string, long> _unexpected = new(StringComparer.Ordinal);

    public void Count(string kind, StatusCode status, string? detail = null)
    {
        _outcomes.AddOrUpdate((kind, status), 1, (_, n) => n + 1);
        if (status is StatusCode.Unknown or StatusCode.Internal)
        {
            _unexpected.AddOrUpdate($"{kind} {status}: {detail}", 1, (_, n) => n + 1);
        }
    }

    /// <summary>Each distinct unexpected status message and how often it came.</summary>
    public IEnumerable<string> UnexpectedDetails => _unexpected.OrderByDescending(u => u.Value).Select(u => $"{u.Value,8} x {u.Key}");

    public void WatchEvent() => Interlocked.Increment(ref _watchEvents);

    public long WatchEvents => Interlocked.Read(ref _watchEvents);

    public long Total => _outcomes.Values.Sum();

    /// <summary>Calls that ended in a status no caller should ever see from this gateway.</summary>
    public long Unexpected => _outcomes.Where(o => o.Key.Status is StatusCode.Unknown or StatusCode.Internal).Sum(o => o.Value);

    public IEnumerable<string> Lines() => _outcomes
        .OrderBy(o => o.Key.Kind, StringComparer.Ordinal).ThenBy(o => o.Key.Status)
        .Select(o => $"  {o.Key.Kind,-10} {o.Key.Status,-18} {o.Value,10}");

    public static MemorySample Sample()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return new MemorySample(GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64, GC.CollectionCount(2));
    }
}
