using TaskGateway.Contracts.V1;
using TaskGateway.Core.Names;
using TaskGateway.Core.Resilience;
using TaskGateway.Core.Sources;

namespace TaskGateway.Watch;

/// <summary>
/// Polls one task with GetTask; final once the task is done, or, polled past done (a watcher waiting for a state
/// an operation can bring back), only once the resource is deleted.
/// </summary>
public sealed class SingleTaskSource : ISnapshotSource
{
    private readonly ITaskBackend _backend;
    private readonly ResourceName _name;
    private readonly UpstreamCall _call;
    private readonly bool _pastDone;

    /// <summary>Creates the source; <paramref name="callerToken"/> is the watcher's own upstream token on pass-through sources.</summary>
    public SingleTaskSource(ITaskBackend backend, ResourceName name, string? callerToken = null, bool pastDone = false)
    {
        _pastDone = pastDone;
        _backend = backend;
        _name = name;
        _call = UpstreamCall.For(UpstreamPurpose.Watch, callerToken);
    }

    public async Task<IReadOnlyList<CloudTask>> FetchAsync(CancellationToken cancellationToken)
    {
        return [await _backend.GetTaskAsync(_name, _call, cancellationToken).ConfigureAwait(false)];
    }

    public bool IsFinal(IReadOnlyList<CloudTask> tasks) =>
        tasks.Count == 1 && (_pastDone ? tasks[0].State == CloudTask.Types.State.Deleted : tasks[0].Done);
}
