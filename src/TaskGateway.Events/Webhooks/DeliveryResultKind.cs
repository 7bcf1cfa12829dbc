namespace TaskGateway.Events.Webhooks;

/// <summary>What one attempt came to.</summary>
internal enum DeliveryResultKind
{
    /// <summary>2xx: delivered.</summary>
    Delivered,

    /// <summary>410 Gone: the sink wants no more events; the subscription is disabled at once.</summary>
    Gone,

    /// <summary>Anything else (status, timeout, refused connection, refused address): retried on the schedule.</summary>
    Failed,
}
