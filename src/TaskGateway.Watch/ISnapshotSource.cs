using TaskGateway.Contracts.V1;

namespace TaskGateway.Watch;

/// <summary>How a poller reads its resource from the backend.</summary>
public interface ISnapshotSource
{
    /// <summary>Reads the resource's tasks now.</summary>
    Task<IReadOnlyList<CloudTask>> FetchAsync(CancellationToken cancellationToken);

    /// <summary>Whether these tasks will not change any more (a single task that is done).</summary>
    bool IsFinal(IReadOnlyList<CloudTask> tasks);
}
