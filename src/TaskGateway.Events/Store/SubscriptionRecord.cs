using TaskGateway.Contracts.V1;

namespace TaskGateway.Events.Store;

/// <summary>
/// A subscription as stored. <see cref="Watching"/> is true while the engine must watch its target: a task
/// subscription stops watching once its one event is in the outbox, and becomes COMPLETED once that event is delivered.
/// </summary>
/// <param name="Id">The id in `subscriptions/{id}`: 26 lowercase base32 characters, time-ordered (creation order).</param>
/// <param name="Owner">Who created it (the authenticated caller's identity); empty when caller authentication is off.</param>
/// <param name="Target">The task name or collection parent, as parsed and formatted by the gateway.</param>
/// <param name="TaskTarget">Whether the target is one task (one event) rather than a collection.</param>
/// <param name="Until">The task target's condition; empty means `done = true`.</param>
/// <param name="Filter">The collection target's filter; empty means every task.</param>
/// <param name="SinkUri">Where events are posted.</param>
/// <param name="Secret">The Standard Webhooks secret, `whsec_...`; never returned after creation, never logged.</param>
/// <param name="ContentMode">Structured or binary CloudEvents.</param>
/// <param name="State">ACTIVE, COMPLETED or DISABLED.</param>
/// <param name="CreateTime">When it was created.</param>
/// <param name="Watching">Whether the engine still watches the target.</param>
/// <param name="LastDelivery">The last delivery attempt, if any.</param>
internal sealed record SubscriptionRecord(
    string Id,
    string Owner,
    string Target,
    bool TaskTarget,
    string Until,
    string Filter,
    string SinkUri,
    string Secret,
    Sink.Types.ContentMode ContentMode,
    Subscription.Types.State State,
    DateTimeOffset CreateTime,
    bool Watching,
    DeliveryRecord? LastDelivery)
{
    /// <summary>Never print the secret (records print every member by default).</summary>
    public override string ToString() => $"subscriptions/{Id} ({Target} -> {SinkUri}, {State})";
}
