using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace TaskGateway.FunctionalTests;

/// <summary>
/// A fake clock that records every timer made on it: when it was set, for how long, and when it fired, so a test
/// asserts the delay the code under test scheduled instead of inferring it from log text.
/// </summary>
public sealed class TimerRecordingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly ConcurrentQueue<RecordedTimer> _timers = new();

    /// <summary>Every timer made so far, in order.</summary>
    public IReadOnlyList<RecordedTimer> Timers => [.. _timers];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var recorded = new RecordedTimer(this);
        recorded.Set(dueTime);
        _timers.Enqueue(recorded);
        recorded.Inner = base.CreateTimer(
            s =>
            {
                recorded.Fire();
                callback(s);
            },
            state,
            dueTime,
            period);
        return recorded;
    }
}
