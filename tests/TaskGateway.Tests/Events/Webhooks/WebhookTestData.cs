using TaskGateway.Contracts.V1;
using TaskGateway.Events;
using TaskGateway.Events.Store;

namespace TaskGateway.Tests.Events.Webhooks;

/// <summary>Claimed events for the webhook tests.</summary>
internal static class WebhookTestData
{
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    public const string TaskName = "sources/iotda/projects/p1/instances/i1/tasks/t-42";

    public const string TaskJson = """{"name":"sources/iotda/projects/p1/instances/i1/tasks/t-42","state":"SUCCEEDED","done":true,"progressPercent":100,"note":"caf\u00e9 \u2713"}""";

    public static ClaimedEvent Claimed(string sinkUri, Sink.Types.ContentMode mode = Sink.Types.ContentMode.Structured, DateTimeOffset? time = null)
    {
        var subscription = new SubscriptionRecord(
            "01jb8y7k3m4n5p6q7r8s9t0v1w", string.Empty, TaskName, TaskTarget: true, "done = true", string.Empty, sinkUri, Secret,
            mode, Subscription.Types.State.Active, DateTimeOffset.UnixEpoch, Watching: false, LastDelivery: null);
        var outbox = new OutboxEvent(
            "evt_01jb8y7k3m4n5p6q7r8s9t0v1x", subscription.Id, TaskName + "#etag-7", EventTypes.Matched, TaskName,
            time ?? new DateTimeOffset(2026, 12, 3, 7, 45, 12, 345, TimeSpan.Zero), TaskJson, Final: true);
        return new ClaimedEvent(outbox, subscription, AttemptsBefore: 0, "lease-1", DateTimeOffset.MaxValue);
    }
}
