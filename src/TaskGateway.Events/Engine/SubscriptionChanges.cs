using System.Threading.Channels;
using TaskGateway.Events.Store;

namespace TaskGateway.Events.Engine;

/// <summary>
/// What the subscription RPCs tell the engine at once on this replica: a subscription was created (start watching it
/// now) or deleted (stop). Subscriptions created or deleted on other replicas are found by the engine's refresh.
/// </summary>
internal sealed class SubscriptionChanges
{
    private readonly Channel<(string Id, SubscriptionRecord? Created)> _changes = Channel.CreateUnbounded<(string, SubscriptionRecord?)>(new() { SingleReader = true });

    /// <summary>The changes in order: a record for a creation, null for a deletion.</summary>
    public ChannelReader<(string Id, SubscriptionRecord? Created)> Reader => _changes.Reader;

    /// <summary>A subscription was stored.</summary>
    public void Created(SubscriptionRecord subscription) => _changes.Writer.TryWrite((subscription.Id, subscription));

    /// <summary>A subscription was deleted.</summary>
    public void Deleted(string id) => _changes.Writer.TryWrite((id, null));
}
