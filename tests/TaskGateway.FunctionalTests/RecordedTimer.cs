namespace TaskGateway.FunctionalTests;

/// <summary>A timer of a <see cref="TimerRecordingTimeProvider"/>: its latest due time, when that was set, and when it fired.</summary>
public sealed class RecordedTimer(TimeProvider clock) : ITimer
{
    private readonly Lock _gate = new();
    private TimeSpan _dueTime = Timeout.InfiniteTimeSpan;
    private DateTimeOffset _setAt;
    private DateTimeOffset? _firedAt;

    /// <summary>The latest due time set (at creation or by Change); infinite while unset.</summary>
    public TimeSpan DueTime
    {
        get
        {
            lock (_gate)
            {
                return _dueTime;
            }
        }
    }

    /// <summary>When, on the clock, the latest due time was set.</summary>
    public DateTimeOffset SetAt
    {
        get
        {
            lock (_gate)
            {
                return _setAt;
            }
        }
    }

    /// <summary>When, on the clock, the timer last fired; null until it has.</summary>
    public DateTimeOffset? FiredAt
    {
        get
        {
            lock (_gate)
            {
                return _firedAt;
            }
        }
    }

    internal ITimer? Inner { get; set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        Set(dueTime);
        return Inner?.Change(dueTime, period) ?? true;
    }

    public void Dispose() => Inner?.Dispose();

    public ValueTask DisposeAsync() => Inner?.DisposeAsync() ?? ValueTask.CompletedTask;

    internal void Set(TimeSpan dueTime)
    {
        lock (_gate)
        {
            _dueTime = dueTime;
            _setAt = clock.GetUtcNow();
        }
    }

    internal void Fire()
    {
        lock (_gate)
        {
            _firedAt = clock.GetUtcNow();
        }
    }
}
