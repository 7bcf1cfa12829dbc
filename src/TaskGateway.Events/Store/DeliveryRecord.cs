using TaskGateway.Contracts.V1;

namespace TaskGateway.Events.Store;

/// <summary>A subscription's last delivery attempt, as Subscription.last_delivery reports it.</summary>
internal sealed record DeliveryRecord(
    string EventId,
    string EventType,
    DateTimeOffset Time,
    Delivery.Types.Outcome Outcome,
    int Attempts,
    int HttpStatus,
    string Error,
    DateTimeOffset? NextAttemptTime);
