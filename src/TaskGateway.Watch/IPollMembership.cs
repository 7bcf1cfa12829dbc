namespace TaskGateway.Watch;

/// <summary>One poller's part in the coordination of its key; disposed when the poller stops.</summary>
public interface IPollMembership : IDisposable
{
    /// <summary>
    /// Whether this replica polls the key now: it leads the key, or coordination is unavailable and every replica
    /// polls for itself.
    /// </summary>
    bool ShouldPoll { get; }

    /// <summary>How long a replica that does not poll waits before it looks again (to take over from a leader that went).</summary>
    TimeSpan CheckInterval { get; }

    /// <summary>Shares what this replica polled: every poll's result (changed or not) and whether it is the last.</summary>
    void Share(IReadOnlyList<Contracts.V1.CloudTask> tasks, bool changed, bool final);

    /// <summary>Tells the other replicas that this one stopped polling on an error, so that each polls for itself and gets its own.</summary>
    void ShareFailure();
}
