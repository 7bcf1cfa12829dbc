using TaskGateway.Contracts.V1;
using TaskGateway.Core.Filtering;
using TaskGateway.Core.Names;
using TaskGateway.Core.Paging;
using TaskGateway.Core.Sources;

namespace TaskGateway.Watch;

/// <summary>
/// Polls a collection by listing it whole (up to a page budget) with no filter: every subscriber applies its
/// own filter to the shared snapshot, so watchers with different filters still share one poller.
/// </summary>
public sealed class CollectionSource : ISnapshotSource
{
    private readonly ITaskBackend _backend;
    private readonly ResourceName _parent;
    private readonly int _maxPages;

    public CollectionSource(ITaskBackend backend, ResourceName parent, int maxPages)
    {
        _backend = backend;
        _parent = parent;
        _maxPages = maxPages;
    }

    public async Task<IReadOnlyList<CloudTask>> FetchAsync(CancellationToken cancellationToken)
    {
        var tasks = new List<CloudTask>();
        var cursor = PageCursor.Start;
        for (var page = 0; page < _maxPages; page++)
        {
            var result = await _backend.ListTasksAsync(_parent, new ListQuery(_backend.Descriptor.MaxPageSize, cursor, TaskFilter.All), cancellationToken).ConfigureAwait(false);
            tasks.AddRange(result.Tasks);
            if (result.Next is not { } next)
            {
                break;
            }

            cursor = next;
        }

        return tasks;
    }

    public bool IsFinal(IReadOnlyList<CloudTask> tasks) => false;
}
