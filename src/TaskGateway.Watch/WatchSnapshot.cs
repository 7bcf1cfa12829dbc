using Grpc.Core;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Watch;

/// <summary>
/// What a poller last saw, shared read-only by all its subscribers: the tasks in backend order, or the error that
/// ended the poller. Final means no snapshot will follow.
/// </summary>
internal sealed class WatchSnapshot
{
    public WatchSnapshot(long version, IReadOnlyList<CloudTask> tasks, DateTimeOffset observedAt, bool final, RpcException? error = null)
    {
        Version = version;
        Tasks = tasks;
        ObservedAt = observedAt;
        Final = final;
        Error = error;
    }

    public long Version { get; }

    public IReadOnlyList<CloudTask> Tasks { get; }

    public DateTimeOffset ObservedAt { get; }

    public bool Final { get; }

    public RpcException? Error { get; }

    /// <summary>Whether the tasks are the same, etag for etag, as another list.</summary>
    public bool SameTasks(IReadOnlyList<CloudTask> other)
    {
        if (other.Count != Tasks.Count)
        {
            return false;
        }

        for (var i = 0; i < other.Count; i++)
        {
            if (other[i].Name != Tasks[i].Name || other[i].Etag != Tasks[i].Etag)
            {
                return false;
            }
        }

        return true;
    }
}
