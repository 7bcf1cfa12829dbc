using Grpc.Core;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Names;

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
        TaskPage? last = null;
        await foreach (var page in BackendPages.ReadAsync(backend, parent, maxPages, cancellationToken).ConfigureAwait(false))
        {
            last = page;
            foreach (var task in page.Tasks)
            {
                if (task.Name == taskName)
                {
                    return task;
                }
            }
        }

        if (last?.Next is null)
        {
            throw new GatewayException(StatusCode.NotFound, ErrorReasons.TaskNotFound,
                $"Source '{parent.Source}' has no task '{taskName}'.",
                new Dictionary<string, string> { ["source"] = parent.Source, ["name"] = taskName });
        }

        throw new UpstreamException(UpstreamFailure.ScanLimit, parent.Source,
            $"The task was not among the first {maxPages} pages of the list; raise MaxScanPages to look further.");
    }
}
