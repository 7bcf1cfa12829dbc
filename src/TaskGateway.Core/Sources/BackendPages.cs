using System.Runtime.CompilerServices;
using TaskGateway.Core.Filtering;
using TaskGateway.Core.Names;
using TaskGateway.Core.Paging;
using TaskGateway.Core.Resilience;

namespace TaskGateway.Core.Sources;

/// <summary>Reads a backend's list page after page, unfiltered and at its largest page size, up to a page budget.</summary>
public static class BackendPages
{
    /// <summary>The pages in order; the last one has no Next when the list ended within the budget.</summary>
    public static async IAsyncEnumerable<TaskPage> ReadAsync(IListingBackend backend, ResourceName parent, UpstreamCall call, int maxPages, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var cursor = PageCursor.Start;
        for (var page = 0; page < maxPages; page++)
        {
            var result = await backend.ListTasksAsync(parent, new ListQuery(backend.Descriptor.MaxPageSize, cursor, TaskFilter.All), call, cancellationToken).ConfigureAwait(false);
            yield return result;
            if (result.Next is not { } next)
            {
                yield break;
            }

            cursor = next;
        }
    }
}
