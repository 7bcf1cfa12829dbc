using TaskGateway.Events.Store;

namespace TaskGateway.Events.Engine;

/// <summary>
/// Whether a subscription's owner may still have it watched and delivered under this replica's caller settings. A
/// subscription outlives the call that created it: an API key removed, a grant withdrawn or a kind of caller no longer
/// accepted since then must stop its pushes, not only refuse new calls. Asked at every read of the watched
/// subscriptions (subscriptions created on this replica since passed the same settings when created) and before every
/// delivery. A refused subscription is suspended on this replica, not disabled: neither watched nor claimed nor sent by
/// it, its events kept for replicas whose settings accept the owner (one replica started with the wrong settings holds
/// back only its own work and destroys nothing), until a restart with settings that accept it.
/// </summary>
internal interface ISubscriptionOwners
{
    /// <summary>Null while the owner may; otherwise why not, as a clause for the log ("its owner's API key 'a' is no longer configured").</summary>
    string? RefusedBecause(SubscriptionRecord subscription);
}
