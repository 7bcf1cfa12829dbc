namespace TaskGateway.Events.Store;

/// <summary>
/// One event to deliver. (SubscriptionId, DedupeKey) is unique: replicas that see the same match enqueue it once.
/// </summary>
/// <param name="EventId">The CloudEvent id and webhook-id, the same on every attempt.</param>
/// <param name="SubscriptionId">Whose event it is.</param>
/// <param name="DedupeKey">What makes the event itself: the task name and its etag (the state seen).</param>
/// <param name="Type">One of <see cref="EventTypes"/>.</param>
/// <param name="Subject">The task's name.</param>
/// <param name="Time">When the gateway observed the state.</param>
/// <param name="Data">The task as the REST API returns it (JSON).</param>
/// <param name="Final">Whether delivering it completes the subscription (a task subscription's one event).</param>
internal sealed record OutboxEvent(
    string EventId,
    string SubscriptionId,
    string DedupeKey,
    string Type,
    string Subject,
    DateTimeOffset Time,
    string Data,
    bool Final);
