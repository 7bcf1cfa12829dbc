using System.Globalization;
using Grpc.Core;
using TaskGateway.Backends.Common;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Http;
using TaskGateway.Core.Names;
using TaskGateway.Core.Paging;
using TaskGateway.Core.Resilience;
using TaskGateway.Core.Sources;

namespace TaskGateway.Backends.AstraTasks;

/// <summary>
/// NetApp Astra Control tasks: GET /accounts/{account_id}/core/v1/tasks/{task_id} and the list
/// GET /accounts/{account_id}/core/v1/tasks?limit&amp;continue.
/// </summary>
internal sealed class AstraTaskClient : IListingBackend
{
    internal static readonly BackendDescriptor Shape = new(
        SourceKind.AstraTask, NameShape.Of("accounts/{account}/tasks/{task}"), NameShape.Of("accounts/{account}"), NativeGet: true,
        AstraTaskLimits.DefaultPageSize, AstraTaskLimits.MaxPageSize)
    {
        Details = AstraTaskDetails.Descriptor,
    };

    private readonly SourceConnection _source;

    public AstraTaskClient(SourceConnection source) => _source = source;

    public BackendDescriptor Descriptor => Shape;

    public IReadOnlyList<FieldViolation> Validate(ResourceName name, string field) => AstraTaskValidator.Validate(name, field);

    public async Task<CloudTask> GetTaskAsync(ResourceName name, UpstreamCall upstream, CancellationToken cancellationToken)
    {
        var path = $"/accounts/{Segment.Escape(name.Account)}/core/v1/tasks/{Segment.Escape(name.Task)}";
        var wire = await UpstreamHttp.GetJsonAsync(_source, upstream, path, AstraTaskJsonContext.Default.AstraTaskWire, null, null, cancellationToken).ConfigureAwait(false);
        return AstraTaskMapper.Map(wire, _source.Alias, name.Format(), name.Parent().Child(Shape.Collection, string.Empty), name.Account);
    }

    public async Task<TaskPage> ListTasksAsync(ResourceName parent, ListQuery query, UpstreamCall upstream, CancellationToken cancellationToken)
    {
        var path = $"/accounts/{Segment.Escape(parent.Account)}/core/v1/tasks?limit={query.PageSize.ToString(CultureInfo.InvariantCulture)}";
        if (query.Cursor.Marker.Length > 0)
        {
            path += "&continue=" + Segment.Escape(query.Cursor.Marker);
        }

        var wire = await UpstreamHttp.GetJsonAsync(_source, upstream, path, AstraTaskJsonContext.Default.AstraTaskListWire, null, null, cancellationToken).ConfigureAwait(false);
        var items = wire.Items ?? [];
        var prefix = parent.Child(Shape.Collection, string.Empty);
        var tasks = PageItems.Collect(items, t => t.Id, (t, id) => AstraTaskMapper.Map(t, _source.Alias, prefix + id, prefix, parent.Account), query.Filter);

        var next = wire.Metadata?.Continue;
        if (query.Cursor.Marker.Length > 0 && next == query.Cursor.Marker && items.Count > 0)
        {
            // The task collection does not document continue: a backend that ignores it answers the same page with the
            // same token again. Paging on would loop over it forever and hand the caller duplicates.
            throw new GatewayException(StatusCode.Unimplemented, ErrorReason.UpstreamPagingUnsupported,
                $"Source '{_source.Alias}' answered the next page with the same continue token: it does not page its task list, so the gateway stops rather than repeat tasks. Narrow the list with a filter, or ask for a larger page_size.",
                new Dictionary<string, string> { ["source"] = _source.Alias });
        }

        return new TaskPage(tasks, next is { Length: > 0 } && items.Count > 0
            ? new PageCursor(0, next)
            : null, wire.Metadata?.Count);
    }
}
