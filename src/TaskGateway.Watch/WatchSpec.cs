using TaskGateway.Core.Auth;
using TaskGateway.Core.Filtering;
using TaskGateway.Core.Names;
using TaskGateway.Core.Sources;

namespace TaskGateway.Watch;

/// <summary>
/// What one stream watches: the poller key and how to build its source, the source's poll intervals, the
/// caller's filter, whether it is a single task (ends once done), the resume token it came with, and, for a single
/// task, the condition that ends the stream instead of done (WatchTask's until).
/// </summary>
public sealed record WatchSpec(
    PollerKey Key,
    Func<ISnapshotSource> Source,
    TimeSpan MinPollInterval,
    TimeSpan MaxPollInterval,
    TaskFilter Filter,
    bool SingleTask,
    string ResumeToken,
    TaskFilter? Until = null)
{
    /// <summary>
    /// One task's watch, as WatchTask and a task subscription both build it: watchers with the same credential (a
    /// digest of the caller's token; empty for the gateway's own) share one poller. Waiting for a condition on a
    /// resource whose done state an operation can leave again (a stopped CloudDC instance) needs polls after done:
    /// such watchers share a poller of their own.
    /// </summary>
    public static WatchSpec ForTask(ITaskBackend backend, ResourceName task, SourceOptions options, string? callerToken, TaskFilter? until, string resumeToken = "")
    {
        var pastDone = until is not null && !backend.Descriptor.DoneIsFinal;
        return new WatchSpec(new PollerKey(task.Source, task.Format(), CredentialOf(callerToken), pastDone), () => new SingleTaskSource(backend, task, callerToken, pastDone),
            options.MinPollInterval, options.MaxPollInterval, TaskFilter.All, SingleTask: true, resumeToken, until);
    }

    /// <summary>A collection's watch, as WatchTasks and a collection subscription both build it; each watcher applies its own filter.</summary>
    public static WatchSpec ForCollection(IListingBackend backend, ResourceName parent, SourceOptions options, int maxPages, string? callerToken, TaskFilter filter,
        string resumeToken = "") =>
        new(new PollerKey(parent.Source, parent.Format(), CredentialOf(callerToken)), () => new CollectionSource(backend, parent, maxPages, callerToken),
            options.MinPollInterval, options.MaxPollInterval, filter, SingleTask: false, resumeToken);

    /// <summary>
    /// The poller-key part for a caller's token: a digest, so that watchers share a poller only with callers holding the
    /// same token, and the token itself never sits in a key that may be logged. Empty for the gateway's own credentials.
    /// </summary>
    public static string CredentialOf(string? callerToken) => callerToken is null ? string.Empty : CredentialScope.Of(callerToken);
}
