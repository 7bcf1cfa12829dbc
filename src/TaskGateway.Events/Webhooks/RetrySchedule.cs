using Microsoft.Extensions.Options;

namespace TaskGateway.Events.Webhooks;

/// <summary>When a failed event is tried again: TaskGateway:Events:RetryDelays, or the sink's Retry-After; null to give up.</summary>
internal sealed class RetrySchedule(IOptions<EventsOptions> options)
{
    /// <summary>
    /// The time of the next attempt after <paramref name="attemptsMade"/> attempts (the failed one included), or null
    /// when every retry is spent. After attempt n the delay is the n-th configured delay; a Retry-After replaces it,
    /// cut to MaxRetryAfter, but never adds attempts.
    /// </summary>
    public DateTimeOffset? NextAttempt(int attemptsMade, TimeSpan? retryAfter, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attemptsMade, 1);
        var delays = options.Value.EffectiveRetryDelays;
        if (attemptsMade > delays.Count)
        {
            return null;
        }

        var delay = retryAfter is { } asked
            ? TimeSpan.FromTicks(Math.Clamp(asked.Ticks, 0, options.Value.MaxRetryAfter.Ticks))
            : delays[attemptsMade - 1];
        return now + delay;
    }
}
