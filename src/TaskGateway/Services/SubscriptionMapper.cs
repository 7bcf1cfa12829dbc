using Google.Protobuf.WellKnownTypes;
using TaskGateway.Contracts.V1;
using TaskGateway.Events.Store;

namespace TaskGateway.Services;

/// <summary>
/// A stored subscription as the contract shows it. The sink's secret is copied only when asked for, which only
/// CreateSubscription does: it is input only, and returned that once.
/// </summary>
internal static class SubscriptionMapper
{
    /// <summary>The subscription's resource name.</summary>
    public static string NameOf(string id) => SubscriptionIds.Prefix + id;

    /// <summary>The contract's message; <paramref name="withSecret"/> only for CreateSubscription's response.</summary>
    public static Subscription ToContract(SubscriptionRecord record, bool withSecret)
    {
        var subscription = new Subscription
        {
            Name = NameOf(record.Id),
            Target = record.Target,
            Until = record.Until,
            Filter = record.Filter,
            Sink = new Sink
            {
                Uri = record.SinkUri,
                Secret = withSecret ? record.Secret : string.Empty,
                ContentMode = record.ContentMode,
            },
            State = record.State,
            CreateTime = Timestamp.FromDateTimeOffset(record.CreateTime),
        };
        if (record.LastDelivery is { } last)
        {
            subscription.LastDelivery = ToContract(last);
        }

        return subscription;
    }

    private static Delivery ToContract(DeliveryRecord record)
    {
        var delivery = new Delivery
        {
            EventId = record.EventId,
            EventType = record.EventType,
            Time = Timestamp.FromDateTimeOffset(record.Time),
            Outcome = record.Outcome,
            Attempts = record.Attempts,
            HttpStatus = record.HttpStatus,
            Error = record.Error,
        };
        if (record.NextAttemptTime is { } next)
        {
            delivery.NextAttemptTime = Timestamp.FromDateTimeOffset(next);
        }

        return delivery;
    }
}
