namespace TaskGateway.Events.Engine;

/// <summary>
/// When a failed event is tried again: after <paramref name="attemptsMade"/> attempts, honouring the sink's Retry-After;
/// null when the schedule is spent (the subscription is disabled). RetrySchedule.NextAttempt (Webhooks) is the one in force.
/// </summary>
internal delegate DateTimeOffset? NextAttemptPlan(int attemptsMade, TimeSpan? retryAfter, DateTimeOffset now);
