using TaskGateway.Core.Filtering;
using TaskGateway.Events.Store;
using TaskGateway.Watch;

namespace TaskGateway.Events.Engine;

/// <summary>
/// A collection target's changes: each snapshot is diffed against the subscription's view (task name to etag, stored),
/// and every task added or changed that matches the filter is a taskgateway.task.changed event. With no stored view
/// (a new subscription) the first snapshot is the baseline and sends nothing; after a restart the stored view makes the
/// changes made meanwhile come out. The view holds every task, matching or not, so a task that comes to match by
/// changing is sent, and is saved only after its snapshot's events are in the outbox: a crash in between sends them
/// again (the same ids, deduplicated), never loses them.
/// </summary>
internal sealed class CollectionTargetHandler(SubscriptionRecord subscription, TaskFilter filter, ISubscriptionStore store, StoreRetry retry, EventOutbox outbox) : ITargetHandler
{
    private IReadOnlyDictionary<string, string>? _view;
    private bool _loaded;

    public async Task<bool> OnSnapshotAsync(WatchSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (!_loaded)
        {
            _view = await retry.RunAsync(token => store.LoadViewAsync(subscription.Id, token), cancellationToken).ConfigureAwait(false);
            _loaded = true;
        }

        var next = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var task in snapshot.Tasks)
        {
            if (!next.TryAdd(task.Name, task.Etag))
            {
                continue;
            }

            if (_view is not null && filter.Matches(task) && (!_view.TryGetValue(task.Name, out var known) || known != task.Etag))
            {
                await outbox.EnqueueAsync(EventOutbox.Build(subscription.Id, EventTypes.Changed, task, snapshot.ObservedAt, final: false), snapshot.ObservedAt, cancellationToken).ConfigureAwait(false);
            }
        }

        if (_view is null || !Same(_view, next))
        {
            await retry.RunAsync(token => store.SaveViewAsync(subscription.Id, next, token), cancellationToken).ConfigureAwait(false);
        }

        _view = next;
        return false;
    }

    // A collection has no end: any failure is passing, watch again later.
    public Task<bool> OnFailureAsync(WatchSnapshot snapshot, CancellationToken cancellationToken) => Task.FromResult(false);

    private static bool Same(IReadOnlyDictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && b.All(p => a.TryGetValue(p.Key, out var etag) && etag == p.Value);
}
