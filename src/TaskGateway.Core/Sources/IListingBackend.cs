using TaskGateway.Core.Names;
using TaskGateway.Core.Resilience;

namespace TaskGateway.Core.Sources;

/// <summary>A backend that can also list a collection. Backends without a list (a singleton status) do not implement it.</summary>
public interface IListingBackend : ITaskBackend
{
    /// <summary>Reads one page of the parent's tasks, filtered. The parent was validated.</summary>
    Task<TaskPage> ListTasksAsync(ResourceName parent, ListQuery query, UpstreamCall upstream, CancellationToken cancellationToken);
}
