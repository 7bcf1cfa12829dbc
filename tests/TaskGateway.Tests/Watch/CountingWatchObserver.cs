using System.Collections.Concurrent;
using TaskGateway.Watch;

namespace TaskGateway.Tests.Watch;

/// <summary>
/// Counts the watch engine's steps (the engine's internal probe), so a test on a fake clock moves the clock only once the
/// engine waits for it. Counts are per key and cumulative over the key's pollers. Shared with the functional tests
/// (linked source).
/// </summary>
internal sealed class CountingWatchObserver : IWatchProbe
{
    private readonly ConcurrentDictionary<PollerKey, long> _polls = new();
    private readonly ConcurrentDictionary<PollerKey, long> _waits = new();
    private readonly ConcurrentDictionary<PollerKey, long> _versions = new();
    private long _applied;
    private long _ticks;

    /// <summary>Polls started for a key.</summary>
    public long PollsOf(PollerKey key) => _polls.GetValueOrDefault(key);

    /// <summary>Times a poller of a key registered the timer of its next poll.</summary>
    public long WaitsOf(PollerKey key) => _waits.GetValueOrDefault(key);

    /// <summary>The version of the latest snapshot published for a key (0 before the first).</summary>
    public long VersionOf(PollerKey key) => _versions.GetValueOrDefault(key);

    /// <summary>Snapshots applied by all streams.</summary>
    public long SnapshotsApplied => Interlocked.Read(ref _applied);

    /// <summary>Heartbeat ticks handled by all streams.</summary>
    public long TicksHandled => Interlocked.Read(ref _ticks);

    public void PollStarted(PollerKey key) => _polls.AddOrUpdate(key, 1, (_, n) => n + 1);

    public void Waiting(PollerKey key) => _waits.AddOrUpdate(key, 1, (_, n) => n + 1);

    public void Published(PollerKey key, long version) => _versions[key] = version;

    public void Applied() => Interlocked.Increment(ref _applied);

    public void Ticked() => Interlocked.Increment(ref _ticks);
}
