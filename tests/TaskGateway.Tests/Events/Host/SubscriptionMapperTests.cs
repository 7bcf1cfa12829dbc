using TaskGateway.Contracts.V1;
using TaskGateway.Events.Store;
using TaskGateway.Services;

namespace TaskGateway.Tests.Events.Host;

/// <summary>The stored record as the contract shows it; the secret only when asked for (CreateSubscription).</summary>
public class SubscriptionMapperTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    private static SubscriptionRecord Record(DeliveryRecord? last = null) => new(
        "01jdz0v1w8q7n0xg5r4d3c2b1a", "apikey:a", SubscriptionHostKit.AstraParent, TaskTarget: false, Until: "", Filter: "state = FAILED",
        SubscriptionHostKit.SinkUri, SubscriptionHostKit.Secret, Sink.Types.ContentMode.Binary, Subscription.Types.State.Disabled, Created, Watching: false, last);

    [Fact]
    public void ToContract_WithoutSecret_EveryFieldButTheSecret()
    {
        var s = SubscriptionMapper.ToContract(Record(), withSecret: false);

        Assert.Equal("subscriptions/01jdz0v1w8q7n0xg5r4d3c2b1a", s.Name);
        Assert.Equal((SubscriptionHostKit.AstraParent, "", "state = FAILED"), (s.Target, s.Until, s.Filter));
        Assert.Equal((SubscriptionHostKit.SinkUri, "", Sink.Types.ContentMode.Binary), (s.Sink.Uri, s.Sink.Secret, s.Sink.ContentMode));
        Assert.Equal(Subscription.Types.State.Disabled, s.State);
        Assert.Equal(Created, s.CreateTime.ToDateTimeOffset());
        Assert.Null(s.LastDelivery);
        Assert.DoesNotContain(SubscriptionHostKit.Secret, s.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToContract_WithSecret_SecretIncluded() =>
        Assert.Equal(SubscriptionHostKit.Secret, SubscriptionMapper.ToContract(Record(), withSecret: true).Sink.Secret);

    [Fact]
    public void ToContract_RetryingDelivery_EveryDeliveryFieldAndNextAttempt()
    {
        var next = Created.AddMinutes(5);
        var last = new DeliveryRecord("evt-1", "taskgateway.task.changed", Created.AddSeconds(3), Delivery.Types.Outcome.Retrying, 2, 503, "HTTP 503", next);

        var d = SubscriptionMapper.ToContract(Record(last), withSecret: false).LastDelivery;

        Assert.Equal(("evt-1", "taskgateway.task.changed", Delivery.Types.Outcome.Retrying, 2, 503, "HTTP 503"), (d.EventId, d.EventType, d.Outcome, d.Attempts, d.HttpStatus, d.Error));
        Assert.Equal(Created.AddSeconds(3), d.Time.ToDateTimeOffset());
        Assert.Equal(next, d.NextAttemptTime.ToDateTimeOffset());
    }

    [Fact]
    public void ToContract_DeliveredWithoutNextAttempt_NoNextAttemptTime()
    {
        var last = new DeliveryRecord("evt-1", "taskgateway.task.matched", Created, Delivery.Types.Outcome.Delivered, 1, 204, "", null);

        Assert.Null(SubscriptionMapper.ToContract(Record(last), withSecret: false).LastDelivery.NextAttemptTime);
    }
}
