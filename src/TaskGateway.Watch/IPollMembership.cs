namespace TaskGateway.Watch;

/// <summary>One poller's part in the coordination of its key; disposed when the poller stops.</summary>
public interface IPollMembership : IDisposable
{
    /// <summary>
    /// Whether this replica polls the key now: it leads the key, or coordination is unavailable and every replica
    /// polls for itself.
    /// </summary>
    bool ShouldPoll { get; }

    /// <summary>Completes once this replica should poll (at once when it should now): a follower's poller waits on it, and takes over when its leader goes.</summary>
    Task WaitToPollAsync(CancellationToken cancellationToken);

    /// <summary>Shares what this replica polled: every poll's result (changed or not) and whether it is the last.</summary>
    void Share(IReadOnlyList<Contracts.V1.CloudTask> tasks, bool changed, bool final);

    /// <summary>Tells the other replicas that this one stopped polling on an error, so that each polls for itself and gets its own.</summary>
    void ShareFailure();
}
