using System.Net;
using TaskGateway.Contracts.V1;
using Xunit.Abstractions;

namespace TaskGateway.IntegrationTests.Events;

/// <summary>
/// Push subscriptions survive a SIGKILL of the gateway, on each store: killed between creation and the match, the
/// gateway delivers the match after it restarts; killed between the match and its delivery (the sink refusing until
/// then), it delivers the same event (the same id) after it restarts. The receiver verifies every signature with the
/// StandardWebhooks package and parses every event with the CloudEvents SDK.
/// </summary>
public abstract class PushDurabilityTests(ITestOutputHelper output)
{
    private const string Until = "details.state = running";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>Sets the store's configuration; skips when the store is not available here.</summary>
    private protected abstract Action<Dictionary<string, string>> Store();

    [SkippableFact]
    public async Task Subscription_GatewayKilledBetweenCreationAndMatch_DeliversTheMatchAfterRestart()
    {
        await using var push = await PushCluster.StartAsync(Store());
        var task = PushCluster.Stepped(1);
        var first = await push.StartGatewayAsync();
        var name = await push.SubscribeAsync(first, task, Until, "one");

        first.Process.Kill();
        await push.AdvanceAsync(1, 2);
        var second = await push.StartGatewayAsync();

        await PushCluster.EventuallyAsync(() => Task.FromResult(push.Receiver.Delivered.Count >= 1), Bound, "the match to be delivered after the restart");
        await PushCluster.EventuallyAsync(async () => (await Get(second, name)).State == Subscription.Types.State.Completed, Bound, "the subscription to complete");
        var delivered = Assert.Single(push.Receiver.Delivered);
        output.WriteLine($"delivered {delivered.WebhookId} after a SIGKILL between creation and match");
        Assert.Equal("taskgateway.task.matched", delivered.Event!.Type);
        Assert.Equal(task, delivered.Event.Subject);
        Assert.Equal(delivered.WebhookId, delivered.Event.Id);
        Assert.Contains("\"running\"", delivered.Body, StringComparison.Ordinal);
        var subscription = await Get(second, name);
        Assert.Equal(Delivery.Types.Outcome.Delivered, subscription.LastDelivery.Outcome);
        Assert.Equal(delivered.WebhookId, subscription.LastDelivery.EventId);
        Assert.Empty(subscription.Sink.Secret);
    }

    [SkippableFact]
    public async Task Subscription_GatewayKilledBetweenMatchAndDelivery_DeliversTheSameEventAfterRestart()
    {
        await using var push = await PushCluster.StartAsync(Store());
        var task = PushCluster.Stepped(2);
        var first = await push.StartGatewayAsync();
        push.Receiver.Answer = HttpStatusCode.ServiceUnavailable;
        var name = await push.SubscribeAsync(first, task, Until, "two");
        await push.AdvanceAsync(2, 2);

        // The match is in the outbox and was attempted (the sink refused it, and the refusal is recorded): the gateway
        // dies before it is delivered.
        await PushCluster.EventuallyAsync(async () => (await Get(first, name)).LastDelivery is { Outcome: Delivery.Types.Outcome.Retrying }, Bound, "a first, refused attempt to be recorded");
        first.Process.Kill();
        var refusedId = push.Receiver.All[0].WebhookId;
        Assert.True(push.Receiver.All[0].Verified, "the refused attempt was signed too");
        push.Receiver.Answer = HttpStatusCode.NoContent;
        var second = await push.StartGatewayAsync();

        await PushCluster.EventuallyAsync(() => Task.FromResult(push.Receiver.Delivered.Count >= 1), Bound, "the pending event to be delivered after the restart");
        await PushCluster.EventuallyAsync(async () => (await Get(second, name)).State == Subscription.Types.State.Completed, Bound, "the subscription to complete");
        var delivered = Assert.Single(push.Receiver.Delivered);
        output.WriteLine($"refused {refusedId} before a SIGKILL, delivered {delivered.WebhookId} after the restart ({push.Receiver.All.Count} attempts)");
        Assert.Equal(refusedId, delivered.WebhookId);
        Assert.Equal("taskgateway.task.matched", delivered.Event!.Type);
        Assert.True((await Get(second, name)).LastDelivery.Attempts >= 2);
    }

    private static async Task<Subscription> Get(Replica gateway, string name) =>
        (await gateway.Client.GetSubscriptionAsync(new GetSubscriptionRequest { Name = name })).Subscription;
}
