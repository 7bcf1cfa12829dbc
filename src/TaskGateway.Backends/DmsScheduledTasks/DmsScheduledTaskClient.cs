using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using TaskGateway.Backends.Common;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Http;
using TaskGateway.Core.Names;
using TaskGateway.Core.Paging;
using TaskGateway.Core.Sources;

namespace TaskGateway.Backends.DmsScheduledTasks;

/// <summary>
/// Huawei Cloud DMS scheduled tasks: GET /v2/{project_id}/instances/{instance_id}/scheduled-tasks with start
/// and limit (offset paging) and begin_time/end_time. There is no single-task GET, so GetTask pages the list.
/// </summary>
internal sealed class DmsScheduledTaskClient : ITaskBackend
{
    private static readonly BackendDescriptor Shape = new(
        SourceKind.DmsScheduledTask, NameShape.ScheduledTask, NameShape.InstanceParent, NativeGet: false,
        DmsScheduledTaskLimits.DefaultPageSize, DmsScheduledTaskLimits.MaxPageSize,
        "sources/{source}/projects/{project}/instances/{instance}/scheduledTasks/{task}",
        "sources/{source}/projects/{project}/instances/{instance}");

    private readonly SourceConnection _source;

    public DmsScheduledTaskClient(SourceConnection source) => _source = source;

    public BackendDescriptor Descriptor => Shape;

    public IReadOnlyList<FieldViolation> Validate(ResourceName name, string field) => DmsScheduledTaskValidator.Validate(name, field);

    public Task<CloudTask> GetTaskAsync(ResourceName name, CancellationToken cancellationToken) =>
        ListScan.FindAsync(this, TaskNames.InstanceParentOf(name), name.Format(), _source.Options.MaxScanPages, cancellationToken);

    public async Task<TaskPage> ListTasksAsync(ResourceName parent, ListQuery query, CancellationToken cancellationToken)
    {
        var path = $"/v2/{Segment.Escape(parent.Project)}/instances/{Segment.Escape(parent.Instance)}/scheduled-tasks"
            + $"?start={query.Cursor.Offset.ToString(CultureInfo.InvariantCulture)}&limit={query.PageSize.ToString(CultureInfo.InvariantCulture)}";
        if (query.Filter.CreatedAtOrAfter is { } after)
        {
            path += "&begin_time=" + Format(after, roundUp: false);
        }

        if (query.Filter.CreatedAtOrBefore is { } before)
        {
            path += "&end_time=" + Format(before, roundUp: true);
        }

        var wire = await UpstreamHttp.GetJsonAsync(_source, path, DmsScheduledTaskJsonContext.Default.DmsScheduledTaskListWire, parent.Project, null, cancellationToken).ConfigureAwait(false);
        var jobs = wire.Jobs ?? [];
        var tasks = PageItems.Collect(jobs, j => j.Id, (j, id) => DmsScheduledTaskMapper.Map(j, _source.Alias, TaskNames.ScheduledTask(parent, id), parent.Instance), query.Filter);

        var next = query.Cursor.Offset + jobs.Count;
        var end = jobs.Count == 0 || jobs.Count < query.PageSize || (wire.JobCount is { } total && next >= total);
        return new TaskPage(tasks, end ? null : new PageCursor(next, string.Empty, next));
    }

    // Second granularity: widen the range so the backend never drops a task the exact filter would keep.
    private static string Format(Timestamp time, bool roundUp)
    {
        var value = time.ToDateTime();
        if (roundUp && (time.Nanos > 0))
        {
            value = value.AddSeconds(1);
        }

        return value.ToString(DmsScheduledTaskLimits.TimeFormat, CultureInfo.InvariantCulture);
    }
}
