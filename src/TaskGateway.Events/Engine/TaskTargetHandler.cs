using Grpc.Core;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Filtering;
using TaskGateway.Events.Store;
using TaskGateway.Watch;

namespace TaskGateway.Events.Engine;

/// <summary>
/// A task target's one event: the first state that matches until (done when none) is taskgateway.task.matched; a task
/// that is final (done and will not change, as the poller's source decides) without matching is
/// taskgateway.task.unreachable. Either is the subscription's final event: enqueuing it ends the watch.
/// </summary>
internal sealed class TaskTargetHandler(SubscriptionRecord subscription, TaskFilter? until, EventOutbox outbox) : ITargetHandler
{
    private CloudTask? _lastSeen;

    public async Task<bool> OnSnapshotAsync(WatchSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (snapshot.Tasks.Count != 1)
        {
            return false;
        }

        var task = snapshot.Tasks[0];
        _lastSeen = task;
        if (until?.Matches(task) ?? task.Done)
        {
            return await EnqueueFinalAsync(EventTypes.Matched, task, snapshot.ObservedAt, cancellationToken).ConfigureAwait(false);
        }

        return snapshot.Final && await EnqueueFinalAsync(EventTypes.Unreachable, task, snapshot.ObservedAt, cancellationToken).ConfigureAwait(false);
    }

    /// <remarks>
    /// NotFound is the poller's word that the task is gone for good (after its tolerance when never seen, at once when
    /// it was seen and then disappeared): it will never match, so the subscription gets its unreachable event with the
    /// last state seen. A task never seen at all is sent as a task carrying only its name. Any other error is passing
    /// (the source is down, the budget was spent): watch again later.
    /// </remarks>
    public async Task<bool> OnFailureAsync(WatchSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (snapshot.Error?.StatusCode != StatusCode.NotFound)
        {
            return false;
        }

        var task = snapshot.Tasks.Count == 1 ? snapshot.Tasks[0] : _lastSeen ?? new CloudTask { Name = subscription.Target };
        return await EnqueueFinalAsync(EventTypes.Unreachable, task, snapshot.ObservedAt, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> EnqueueFinalAsync(string type, CloudTask task, DateTimeOffset observedAt, CancellationToken cancellationToken)
    {
        // Whether this call added it or another replica did first (a duplicate), the one event is in the outbox: done.
        await outbox.EnqueueAsync(EventOutbox.Build(subscription.Id, type, task, observedAt, final: true), observedAt, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
