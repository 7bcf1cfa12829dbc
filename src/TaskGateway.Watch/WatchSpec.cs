using TaskGateway.Core.Filtering;

namespace TaskGateway.Watch;

/// <summary>
/// What one stream watches: the poller key and how to build its source, the source's poll intervals, the
/// caller's filter, whether it is a single task (ends once done), and the resume token it came with.
/// </summary>
public sealed record WatchSpec(
    PollerKey Key,
    Func<ISnapshotSource> Source,
    TimeSpan MinPollInterval,
    TimeSpan MaxPollInterval,
    TaskFilter Filter,
    bool SingleTask,
    string ResumeToken);
