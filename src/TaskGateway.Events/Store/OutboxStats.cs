namespace TaskGateway.Events.Store;

/// <summary>The outbox's depth and the age of its oldest pending event (zero when empty).</summary>
internal readonly record struct OutboxStats(long Pending, TimeSpan OldestPendingAge);
