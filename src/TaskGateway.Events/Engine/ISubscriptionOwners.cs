using TaskGateway.Events.Store;

namespace TaskGateway.Events.Engine;

/// <summary>
/// Whether a subscription's owner may still have it watched and delivered under this replica's caller settings. A
/// subscription outlives the call that created it: an API key removed, a grant withdrawn or a kind of caller no longer
/// accepted since then must stop its pushes, not only refuse new calls. Asked at every read of the watched
/// subscriptions (subscriptions created on this replica since passed the same settings when created) and before every
/// delivery. A refused subscription is suspended, not disabled: neither watched nor delivered by this replica, its
/// events kept, until its owner is accepted again (one replica started with the wrong settings destroys nothing).
/// </summary>
internal interface ISubscriptionOwners
{
    /// <summary>Null while the owner may; otherwise why not, as a clause for the log ("its owner's API key 'a' is no longer configured").</summary>
    string? RevokedBecause(SubscriptionRecord subscription);
}
