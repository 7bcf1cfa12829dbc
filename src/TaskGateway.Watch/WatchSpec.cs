using TaskGateway.Core.Filtering;

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
    TaskFilter? Until = null);
