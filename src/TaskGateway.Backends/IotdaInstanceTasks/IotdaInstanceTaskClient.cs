using System.Globalization;
using TaskGateway.Backends.Common;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Http;
using TaskGateway.Core.Names;
using TaskGateway.Core.Paging;
using TaskGateway.Core.Resilience;
using TaskGateway.Core.Sources;

namespace TaskGateway.Backends.IotdaInstanceTasks;

/// <summary>
/// Huawei Cloud IoTDA instance tasks: GET /v5/iot/{project_id}/iotda-instances/{instance_id}/tasks/{task_id}
/// and the list GET .../tasks?limit&amp;marker (marker paging).
/// </summary>
internal sealed class IotdaInstanceTaskClient : IListingBackend
{
    internal static readonly BackendDescriptor Shape = new(
        SourceKind.IotdaInstanceTask, NameShape.Of("projects/{project}/instances/{instance}/tasks/{task}"), NameShape.Of("projects/{project}/instances/{instance}"), NativeGet: true,
        IotdaInstanceTaskLimits.DefaultPageSize, IotdaInstanceTaskLimits.MaxPageSize)
    {
        // The list's items have no progress (GetTask's answer does).
        ListLacks = ["progress_percent", "details.progress"],
        Details = IotdaInstanceTaskDetails.Descriptor,
    };

    private readonly SourceConnection _source;

    public IotdaInstanceTaskClient(SourceConnection source) => _source = source;

    public BackendDescriptor Descriptor => Shape;

    public IReadOnlyList<FieldViolation> Validate(ResourceName name, string field) => IotdaInstanceTaskValidator.Validate(name, field);

    public async Task<CloudTask> GetTaskAsync(ResourceName name, UpstreamCall upstream, CancellationToken cancellationToken)
    {
        var path = $"/v5/iot/{Segment.Escape(name.Project)}/iotda-instances/{Segment.Escape(name.Instance)}/tasks/{Segment.Escape(name.Task)}";
        var wire = await UpstreamHttp.GetJsonAsync(_source, upstream, path, IotdaInstanceTaskJsonContext.Default.IotdaInstanceTaskWire, name.Project, null, cancellationToken).ConfigureAwait(false);
        return IotdaInstanceTaskMapper.Map(wire, _source.Alias, name.Format(), name.Instance);
    }

    public async Task<TaskPage> ListTasksAsync(ResourceName parent, ListQuery query, UpstreamCall upstream, CancellationToken cancellationToken)
    {
        var path = $"/v5/iot/{Segment.Escape(parent.Project)}/iotda-instances/{Segment.Escape(parent.Instance)}/tasks?limit={query.PageSize.ToString(CultureInfo.InvariantCulture)}";
        if (query.Cursor.Marker.Length > 0)
        {
            path += "&marker=" + Segment.Escape(query.Cursor.Marker);
        }

        var wire = await UpstreamHttp.GetJsonAsync(_source, upstream, path, IotdaInstanceTaskJsonContext.Default.IotdaInstanceTaskListWire, parent.Project, null, cancellationToken).ConfigureAwait(false);
        var items = wire.Tasks ?? [];
        var tasks = PageItems.Collect(items, t => t.TaskId, (t, id) => IotdaInstanceTaskMapper.Map(t, _source.Alias, parent.Child(Shape.Collection, id), parent.Instance), query.Filter);
        var marker = wire.Page?.Marker ?? items.LastOrDefault()?.TaskId;
        var end = PageItems.MarkerListEnded(items.Count, query.PageSize, marker);
        return new TaskPage(tasks, end ? null : new PageCursor(0, marker!));
    }
}
