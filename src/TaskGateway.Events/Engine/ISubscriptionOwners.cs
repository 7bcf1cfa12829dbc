using TaskGateway.Events.Store;

namespace TaskGateway.Events.Engine;

/// <summary>
/// Whether a subscription's owner may still have it watched and delivered under the gateway's caller settings as they
/// are now. A subscription outlives the call that created it: an API key removed, a grant withdrawn or a kind of caller
/// no longer accepted since then must stop its pushes, not only refuse new calls. Asked when a replica starts watching a
/// subscription and before every delivery; a revoked subscription is disabled with the reason.
/// </summary>
internal interface ISubscriptionOwners
{
    /// <summary>Null while the owner may; otherwise why not, in a sentence stored as the subscription's last delivery error.</summary>
    string? RevokedBecause(SubscriptionRecord subscription);
}
