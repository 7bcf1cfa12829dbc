using TaskGateway.Contracts.V1;
using TaskGateway.Core.Names;
using TaskGateway.Core.Resilience;
using TaskGateway.Core.Sources;

namespace TaskGateway.Watch;

/// <summary>Polls one task with GetTask; final once the task is done.</summary>
public sealed class SingleTaskSource : ISnapshotSource
{
    private readonly ITaskBackend _backend;
    private readonly ResourceName _name;
    private readonly UpstreamCall _call;

    /// <summary>Creates the source; <paramref name="callerToken"/> is the watcher's own upstream token on pass-through sources.</summary>
    public SingleTaskSource(ITaskBackend backend, ResourceName name, string? callerToken = null)
    {
        _backend = backend;
        _name = name;
        _call = UpstreamCall.For(UpstreamPurpose.Watch, callerToken);
    }

    public async Task<IReadOnlyList<CloudTask>> FetchAsync(CancellationToken cancellationToken)
    {
        using (UpstreamCall.Use(_call))
        {
            return [await _backend.GetTaskAsync(_name, cancellationToken).ConfigureAwait(false)];
        }
    }

    public bool IsFinal(IReadOnlyList<CloudTask> tasks) => tasks.Count == 1 && tasks[0].Done;
}
