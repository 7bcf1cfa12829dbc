using TaskGateway.Watch;

namespace TaskGateway.Events.Engine;

/// <summary>What a subscription does with its target's snapshots: a task target's one event, or a collection's changes.</summary>
internal interface ITargetHandler
{
    /// <summary>A snapshot of the target; true when the subscription is done watching (its final event is in the outbox).</summary>
    Task<bool> OnSnapshotAsync(WatchSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>The poller ended with an error; true when that settles the subscription (its final event is in the outbox), false to watch again after a pause.</summary>
    Task<bool> OnFailureAsync(WatchSnapshot snapshot, CancellationToken cancellationToken);
}
