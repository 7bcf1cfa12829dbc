using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Names;

namespace TaskGateway.Core.Sources;

/// <summary>One backend adapter, bound to one configured source.</summary>
public interface ITaskBackend
{
    /// <summary>What the backend supports and how its names look.</summary>
    BackendDescriptor Descriptor { get; }

    /// <summary>Checks the ids of a name against the backend's documented charsets; empty when valid.</summary>
    IReadOnlyList<FieldViolation> Validate(ResourceName name, string field);

    /// <summary>Gets one task. The name was validated.</summary>
    Task<CloudTask> GetTaskAsync(ResourceName name, CancellationToken cancellationToken);

    /// <summary>Reads one page of the parent's tasks, filtered. The parent was validated.</summary>
    Task<TaskPage> ListTasksAsync(ResourceName parent, ListQuery query, CancellationToken cancellationToken);
}
