using TaskGateway.Contracts.V1;
using TaskGateway.Core.Names;
using TaskGateway.Core.Sources;

namespace TaskGateway.Watch;

/// <summary>Polls one task with GetTask; final once the task is done.</summary>
public sealed class SingleTaskSource : ISnapshotSource
{
    private readonly ITaskBackend _backend;
    private readonly ResourceName _name;

    public SingleTaskSource(ITaskBackend backend, ResourceName name)
    {
        _backend = backend;
        _name = name;
    }

    public async Task<IReadOnlyList<CloudTask>> FetchAsync(CancellationToken cancellationToken) =>
        [await _backend.GetTaskAsync(_name, cancellationToken).ConfigureAwait(false)];

    public bool IsFinal(IReadOnlyList<CloudTask> tasks) => tasks.Count == 1 && tasks[0].Done;
}
