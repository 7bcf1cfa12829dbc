using Grpc.Core;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Filtering;
using TaskGateway.Core.Names;
using TaskGateway.Core.Paging;

namespace TaskGateway.Core.Sources;

/// <summary>
/// GetTask for backends that only have a list (DMS scheduled tasks, IoTDA export tasks): page the list with
/// the largest page size until the task turns up, the list ends, or the source's page budget is spent.
/// </summary>
public static class ListScan
{
    /// <summary>Finds a task by name in its parent's list.</summary>
    public static async Task<CloudTask> FindAsync(ITaskBackend backend, ResourceName parent, string taskName, int maxPages, CancellationToken cancellationToken)
    {
        var cursor = PageCursor.Start;
        for (var page = 0; page < maxPages; page++)
        {
            var result = await backend.ListTasksAsync(parent, new ListQuery(backend.Descriptor.MaxPageSize, cursor, TaskFilter.All), cancellationToken).ConfigureAwait(false);
            foreach (var task in result.Tasks)
            {
                if (task.Name == taskName)
                {
                    return task;
                }
            }

            if (result.Next is not { } next)
            {
                throw new GatewayException(StatusCode.NotFound, ErrorReasons.TaskNotFound,
                    $"Source '{parent.Source}' has no task '{taskName}'.",
                    new Dictionary<string, string> { ["source"] = parent.Source, ["name"] = taskName });
            }

            cursor = next;
        }

        throw new UpstreamException(UpstreamFailure.ScanLimit, parent.Source,
            $"The task was not among the first {maxPages} pages of the list; raise MaxScanPages to look further.");
    }
}
