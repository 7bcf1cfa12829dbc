namespace TaskGateway.Watch;

/// <summary>
/// When to poll next. After a change: the minimum interval. While nothing changes: full jitter,
/// random(min, min(max, min * 2^n)), as the Smithy waiters do, so pollers of many resources spread out. After an
/// error: the same backoff counted by consecutive errors, and after a 429 at least Retry-After (or the
/// throttle delay when the backend sends none).
/// </summary>
internal sealed class PollSchedule
{
    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private readonly TimeSpan _throttle;
    private readonly Func<double> _random;
    private int _quietPolls;
    private int _errors;

    public PollSchedule(TimeSpan min, TimeSpan max, TimeSpan throttle, Func<double> random)
    {
        _min = min;
        _max = max < min ? min : max;
        _throttle = throttle;
        _random = random;
    }

    /// <summary>Consecutive failed polls so far.</summary>
    public int Errors => _errors;

    /// <summary>After a successful poll.</summary>
    public TimeSpan AfterSuccess(bool changed)
    {
        _errors = 0;
        _quietPolls = changed ? 0 : _quietPolls + 1;
        return changed ? _min : Jitter(_quietPolls);
    }

    /// <summary>After a failed poll; retryAfter when the backend said how long to wait.</summary>
    public TimeSpan AfterError(bool throttled, TimeSpan? retryAfter)
    {
        _errors++;
        var backoff = Jitter(_errors);
        if (retryAfter is { } wait)
        {
            return wait > backoff ? wait : backoff;
        }

        return throttled && _throttle > backoff ? _throttle : backoff;
    }

    private TimeSpan Jitter(int attempt)
    {
        var cap = _min * Math.Pow(2, Math.Min(attempt, 30));
        if (cap > _max)
        {
            cap = _max;
        }

        return _min + ((cap - _min) * _random());
    }
}
