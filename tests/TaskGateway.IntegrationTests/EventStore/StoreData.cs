using TaskGateway.Contracts.V1;
using TaskGateway.Events;
using TaskGateway.Events.Store;

namespace TaskGateway.IntegrationTests.EventStore;

/// <summary>Subscriptions and events for the store tests: whole milliseconds (SQLite's precision), ids in creation order.</summary>
internal static class StoreData
{
    public static readonly DateTimeOffset T0 = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    private static long _next;

    public static string NewOwner() => "owner-" + Guid.NewGuid().ToString("N");

    /// <summary>Time-ordered like the gateway's ids: a fixed-width counter first, so ordinal order is creation order.</summary>
    public static string NewId() => $"{Interlocked.Increment(ref _next):D12}{Guid.NewGuid():N}"[..26];

    public static SubscriptionRecord NewSubscription(string owner, bool task = true, string? id = null) => new(
        id ?? NewId(), owner, "sources/astra/accounts/a/tasks/t", task, task ? "state = SUCCEEDED" : string.Empty, task ? string.Empty : "done = false",
        "https://sink.example/hook", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", Sink.Types.ContentMode.Binary,
        Contracts.V1.Subscription.Types.State.Active, T0, true, null);

    public static OutboxEvent Event(string subscriptionId, string dedupeKey, bool final = false) => new(
        Guid.NewGuid().ToString("N"), subscriptionId, dedupeKey, final ? EventTypes.Matched : EventTypes.Changed,
        "sources/astra/accounts/a/tasks/t", T0.AddSeconds(1), "{\"name\":\"sources/astra/accounts/a/tasks/t\"}", final);

    public static DeliveryAttempt Attempt(DateTimeOffset time, int status, string error = "") => new(time, status, error);
}
