namespace TaskGateway.Events.Store;

/// <summary>
/// An event this replica holds a lease on until <see cref="LeaseUntil"/>, with its subscription (sink and secret)
/// and the attempts already made. Results are recorded only while the lease is still this replica's.
/// </summary>
internal sealed record ClaimedEvent(OutboxEvent Event, SubscriptionRecord Subscription, int AttemptsBefore, string Lease, DateTimeOffset LeaseUntil);
