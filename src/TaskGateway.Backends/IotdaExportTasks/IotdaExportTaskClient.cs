using TaskGateway.Backends.Huawei;
using System.Globalization;
using TaskGateway.Backends.Common;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Http;
using TaskGateway.Core.Names;
using TaskGateway.Core.Paging;
using TaskGateway.Core.Resilience;
using TaskGateway.Core.Sources;

namespace TaskGateway.Backends.IotdaExportTasks;

/// <summary>
/// Huawei Cloud IoTDA export tasks: GET /v5/iot/{project_id}/export-tasks?resource_type=BatchTask&amp;limit&amp;marker,
/// with the Instance-Id header. Marker paging, newest first. No single-task GET: GetTask pages the list.
/// </summary>
internal sealed class IotdaExportTaskClient : IListingBackend
{
    internal static readonly BackendDescriptor Shape = new(
        SourceKind.IotdaExportTask, NameShape.Of("projects/{project}/exportTasks/{task}"), NameShape.Of("projects/{project}"), NativeGet: false,
        IotdaExportTaskLimits.DefaultPageSize, IotdaExportTaskLimits.MaxPageSize)
    {
        Details = IotdaExportTaskDetails.Descriptor,
    };

    private readonly SourceConnection _source;
    private readonly IReadOnlyList<KeyValuePair<string, string>>? _headers;

    public IotdaExportTaskClient(SourceConnection source)
    {
        _source = source;
        _headers = HuaweiSettings.Of(source.Options).InstanceId is { Length: > 0 } instance ? [new("Instance-Id", instance)] : null;
    }

    public BackendDescriptor Descriptor => Shape;

    public IReadOnlyList<FieldViolation> Validate(ResourceName name, string field) => IotdaExportTaskValidator.Validate(name, field);

    public Task<CloudTask> GetTaskAsync(ResourceName name, UpstreamCall upstream, CancellationToken cancellationToken) =>
        ListScan.FindAsync(this, name.Parent(), name.Format(), upstream, _source.Options.MaxScanPages, cancellationToken);

    public async Task<TaskPage> ListTasksAsync(ResourceName parent, ListQuery query, UpstreamCall upstream, CancellationToken cancellationToken)
    {
        var path = $"/v5/iot/{Segment.Escape(parent.Project)}/export-tasks?resource_type={IotdaExportTaskLimits.ResourceType}&limit={query.PageSize.ToString(CultureInfo.InvariantCulture)}";
        if (query.Cursor.Marker.Length > 0)
        {
            path += "&marker=" + Segment.Escape(query.Cursor.Marker);
        }

        var wire = await UpstreamHttp.GetJsonAsync(_source, upstream, path, IotdaExportTaskJsonContext.Default.IotdaExportTaskListWire, parent.Project, _headers, cancellationToken).ConfigureAwait(false);
        var items = wire.ExportTasks ?? [];
        var tasks = PageItems.Collect(items, t => t.ExportTaskId, (t, id) => IotdaExportTaskMapper.Map(t, _source.Alias, parent.Child(Shape.Collection, id)), query.Filter);
        var marker = wire.Page?.Marker;
        var end = PageItems.MarkerListEnded(items.Count, query.PageSize, marker);
        return new TaskPage(tasks, end ? null : new PageCursor(0, marker!), wire.Page?.Count);
    }
}
