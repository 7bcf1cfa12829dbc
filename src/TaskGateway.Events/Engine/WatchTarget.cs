using Grpc.Core;
using TaskGateway.Contracts.V1;
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
/// pass-through sources), so a subscription and the streams watching the same resource share one poller. A source
/// switched to callers' tokens after a subscription was made leaves it no credential to poll with: it does not resolve
/// (a GatewayException the watch logs and waits on, as for a removed source) rather than poll without a token.
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
            var backend = sources.Resolve(task, "target");
            EnsureOwnCredentials(task.Source, sources);
            return WatchSpec.ForTask(backend, task, sources.OptionsOf(task.Source), callerToken: null, until);
        }

        var parent = ResourceNameParser.TryParseParent(subscription.Target, out var parsed, out var parentError)
            ? parsed
            : throw new RequestValidationException("target", parentError);
        var lister = sources.ResolveList(parent, "target");
        EnsureOwnCredentials(parent.Source, sources);
        return WatchSpec.ForCollection(lister, parent, sources.OptionsOf(parent.Source), watch.MaxCollectionPages, callerToken: null,
            TaskFilter.Parse(subscription.Filter));
    }

    // Creation refuses such sources for the same reason (SubscriptionRequests.EnsureOwnCredentials); the fallback to the
    // gateway's token (Auth:AllowGatewayTokenFallback) is for callers that send none, not for subscriptions.
    private static void EnsureOwnCredentials(string source, SourceRegistry sources)
    {
        if (sources.OptionsOf(source).Auth.PassCallerToken)
        {
            throw new GatewayException(StatusCode.FailedPrecondition, ErrorReason.SubscriptionSourcePassesCallerToken,
                $"Source '{source}' now reads with each caller's own upstream token (Auth:PassCallerToken): a subscription has no credential to poll it with, so it waits until the source reads with its own credentials again.",
                new Dictionary<string, string> { ["source"] = source });
        }
    }
}
