using TaskGateway.Contracts.V1;
using TaskGateway.Core.Names;
using TaskGateway.Core.Resilience;
using TaskGateway.Core.Sources;

namespace TaskGateway.Watch;

/// <summary>
/// Polls a collection by listing it whole (up to a page budget) with no filter: every subscriber applies its
/// own filter to the shared snapshot, so watchers with different filters still share one poller.
/// </summary>
public sealed class CollectionSource : ISnapshotSource
{
    private readonly IListingBackend _backend;
    private readonly ResourceName _parent;
    private readonly int _maxPages;
    private readonly UpstreamCall _call;

    /// <summary>Creates the source; <paramref name="callerToken"/> is the watcher's own upstream token on pass-through sources.</summary>
    public CollectionSource(IListingBackend backend, ResourceName parent, int maxPages, string? callerToken = null)
    {
        _backend = backend;
        _parent = parent;
        _maxPages = maxPages;
        _call = UpstreamCall.For(UpstreamPurpose.Watch, callerToken);
    }

    public async Task<IReadOnlyList<CloudTask>> FetchAsync(CancellationToken cancellationToken)
    {
        var tasks = new List<CloudTask>();
        await foreach (var page in BackendPages.ReadAsync(_backend, _parent, _call, _maxPages, cancellationToken).ConfigureAwait(false))
        {
            tasks.AddRange(page.Tasks);
        }

        return tasks;
    }

    public bool IsFinal(IReadOnlyList<CloudTask> tasks) => false;
}
