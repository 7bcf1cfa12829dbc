namespace TaskGateway.Watch;

/// <summary>What one poll came to, and so what the poll loop does next.</summary>
internal enum PollOutcomeKind
{
    /// <summary>The resource changed: publish it, poll again at the minimum interval.</summary>
    Changed,

    /// <summary>Nothing changed: publish nothing, back off.</summary>
    Unchanged,

    /// <summary>The resource will not change any more: publish it as final and stop.</summary>
    Final,

    /// <summary>NotFound before the resource was first seen, within the tolerance (backends are eventually consistent): retry.</summary>
    NotYetSeen,

    /// <summary>A transient failure within the error budget: retry with backoff.</summary>
    TransientError,

    /// <summary>A permanent failure, or the error budget is spent: publish the error to every watcher and stop.</summary>
    GaveUp,

    /// <summary>The poller was stopped during the poll.</summary>
    Stopped,
}
