using TaskGateway.Core.Errors;
using TaskGateway.Core.Filtering;
using TaskGateway.Core.Names;
using TaskGateway.Core.Sources;
using TaskGateway.Events.Store;
using TaskGateway.Watch;

namespace TaskGateway.Events.Engine;

/// <summary>
/// What a subscription's watch subscribes to, built as WatchTask and WatchTasks build theirs: the same poller key with
/// the source's own credentials (credential part empty: a subscription has no caller token, and the host refuses
/// pass-through sources), so a subscription and the streams watching the same resource share one poller.
/// </summary>
internal sealed record WatchTarget(PollerKey Key, Func<ISnapshotSource> Source, TimeSpan MinPollInterval, TimeSpan MaxPollInterval, TaskFilter? Until, TaskFilter Filter)
{
    /// <summary>Resolves a stored target; throws the gateway's errors when it no longer resolves (its source was removed from configuration).</summary>
    public static WatchTarget Of(SubscriptionRecord subscription, SourceRegistry sources, WatchOptions watch)
    {
        if (subscription.TaskTarget)
        {
            var task = ResourceNameParser.TryParseTask(subscription.Target, out var name, out var error)
                ? name
                : throw new RequestValidationException("target", error);
            var backend = sources.Resolve(task, "target");
            var until = string.IsNullOrWhiteSpace(subscription.Until) ? null : TaskFilter.Parse(subscription.Until);
            var options = sources.OptionsOf(task.Source);

            // As WatchTask: a condition on a resource whose done state can be left again polls past done, on a poller of its own.
            var pastDone = until is not null && !backend.Descriptor.DoneIsFinal;
            return new WatchTarget(new PollerKey(task.Source, task.Format(), string.Empty, pastDone), () => new SingleTaskSource(backend, task, callerToken: null, pastDone),
                options.MinPollInterval, options.MaxPollInterval, until, TaskFilter.All);
        }

        var parent = ResourceNameParser.TryParseParent(subscription.Target, out var parsed, out var parentError)
            ? parsed
            : throw new RequestValidationException("target", parentError);
        var listing = sources.ResolveList(parent, "target");
        var filter = TaskFilter.Parse(subscription.Filter);
        var sourceOptions = sources.OptionsOf(parent.Source);
        var maxPages = watch.MaxCollectionPages;
        return new WatchTarget(new PollerKey(parent.Source, parent.Format(), string.Empty), () => new CollectionSource(listing, parent, maxPages, callerToken: null),
            sourceOptions.MinPollInterval, sourceOptions.MaxPollInterval, Until: null, filter);
    }
}
