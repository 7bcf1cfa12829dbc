using TaskGateway.Core.Errors;
using TaskGateway.Core.Filtering;
using TaskGateway.Core.Names;
using TaskGateway.Core.Sources;
using TaskGateway.Events.Store;
using TaskGateway.Watch;

namespace TaskGateway.Events.Engine;

/// <summary>
/// What a subscription's watch subscribes to: the spec WatchTask and WatchTasks build (<see cref="WatchSpec.ForTask"/>,
/// <see cref="WatchSpec.ForCollection"/>) with the source's own credentials (no caller token: the host refuses
/// pass-through sources), so a subscription and the streams watching the same resource share one poller.
/// </summary>
internal static class WatchTarget
{
    /// <summary>Resolves a stored target; throws the gateway's errors when it no longer resolves (its source was removed from configuration).</summary>
    public static WatchSpec Of(SubscriptionRecord subscription, SourceRegistry sources, WatchOptions watch)
    {
        if (subscription.TaskTarget)
        {
            var task = ResourceNameParser.TryParseTask(subscription.Target, out var name, out var error)
                ? name
                : throw new RequestValidationException("target", error);
            var until = string.IsNullOrWhiteSpace(subscription.Until) ? null : TaskFilter.Parse(subscription.Until);
            return WatchSpec.ForTask(sources.Resolve(task, "target"), task, sources.OptionsOf(task.Source), callerToken: null, until);
        }

        var parent = ResourceNameParser.TryParseParent(subscription.Target, out var parsed, out var parentError)
            ? parsed
            : throw new RequestValidationException("target", parentError);
        return WatchSpec.ForCollection(sources.ResolveList(parent, "target"), parent, sources.OptionsOf(parent.Source), watch.MaxCollectionPages, callerToken: null,
            TaskFilter.Parse(subscription.Filter));
    }
}
