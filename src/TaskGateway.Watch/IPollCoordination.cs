namespace TaskGateway.Watch;

/// <summary>
/// Decides which replica polls a watched resource. In a single process every poller polls
/// (<see cref="LocalPollCoordination"/>); across replicas one leader polls each key and shares its snapshots, which
/// the other replicas publish to their own watchers.
/// </summary>
public interface IPollCoordination
{
    /// <summary>Joins the coordination of a key; <paramref name="received"/> gets the snapshots another replica shares.</summary>
    IPollMembership Join(PollerKey key, Action<SharedSnapshot> received);
}
