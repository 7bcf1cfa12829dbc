using Grpc.Core;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Filtering;
using TaskGateway.Core.Names;
using TaskGateway.Core.Paging;
using TaskGateway.Core.Resilience;

namespace TaskGateway.Core.Sources;

/// <summary>
/// GetTask for backends that only have a list (scheduled tasks, export tasks): page the list with
/// the largest page size until the task turns up, the list ends, or the source's page budget is spent.
/// </summary>
public static class ListScan
{
    /// <summary>
    /// Finds a task by name in its parent's list. Each page beyond the first is charged to the caller first
    /// (<see cref="UpstreamCall.ScanPages"/>, when the call carries one): the first is the caller's call itself, but
    /// one GetTask of a made-up id would otherwise read up to <paramref name="maxPages"/> pages for the price of one.
    /// </summary>
    public static async Task<CloudTask> FindAsync(IListingBackend backend, ResourceName parent, string taskName, UpstreamCall call, int maxPages, CancellationToken cancellationToken)
    {
        TaskPage? last = null;
        var pages = 0;
        var scanned = 0;
        var cursor = PageCursor.Start;
        while (pages < maxPages)
        {
            if (pages > 0)
            {
                call.ScanPages?.Charge(parent.Source);
            }

            var page = await backend.ListTasksAsync(parent, new ListQuery(backend.Descriptor.MaxPageSize, cursor, TaskFilter.All), call, cancellationToken).ConfigureAwait(false);
            last = page;
            pages++;
            scanned += page.Tasks.Count;
            foreach (var task in page.Tasks)
            {
                if (task.Name == taskName)
                {
                    return task;
                }
            }

            if (page.Next is not { } next)
            {
                break;
            }

            cursor = next;
        }

        if (last?.Next is null)
        {
            throw new GatewayException(StatusCode.NotFound, ErrorReason.TaskNotFound,
                $"Source '{parent.Source}' has no task '{taskName}'.",
                new Dictionary<string, string> { ["source"] = parent.Source, ["name"] = taskName });
        }

        // Not NOT_FOUND: the list goes on past the budget, so the task may well exist, and clients treat NOT_FOUND as
        // final. Retrying cannot help either: the operator must raise the budget, or the caller look with ListTasks.
        var setting = $"TaskGateway:Sources:{parent.Source}:MaxScanPages";
        throw new GatewayException(StatusCode.FailedPrecondition, ErrorReason.TaskScanLimitReached,
            $"The task was not among the first {scanned} tasks ({pages} pages) of source '{parent.Source}''s list, which goes on: it may exist further back. " +
            $"Raise {setting} (now {maxPages}) to look further, or page through ListTasks on its parent.",
            new Dictionary<string, string>
            {
                ["source"] = parent.Source,
                ["name"] = taskName,
                ["pagesScanned"] = pages.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["tasksScanned"] = scanned.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["setting"] = setting,
            });
    }
}
