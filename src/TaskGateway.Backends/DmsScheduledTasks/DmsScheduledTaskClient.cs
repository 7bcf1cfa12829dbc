using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using TaskGateway.Backends.Common;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Http;
using TaskGateway.Core.Names;
using TaskGateway.Core.Paging;
using TaskGateway.Core.Resilience;
using TaskGateway.Core.Sources;

namespace TaskGateway.Backends.DmsScheduledTasks;

/// <summary>
/// Huawei Cloud DMS scheduled tasks: GET /v2/{project_id}/instances/{instance_id}/scheduled-tasks with start
/// and limit (offset paging) and begin_time/end_time. There is no single-task GET, so GetTask pages the list.
/// </summary>
internal sealed class DmsScheduledTaskClient : IListingBackend
{
    internal static readonly BackendDescriptor Shape = new(
        SourceKind.DmsScheduledTask, NameShape.Of("projects/{project}/instances/{instance}/scheduledTasks/{task}"), NameShape.Of("projects/{project}/instances/{instance}"), NativeGet: false,
        DmsScheduledTaskLimits.DefaultPageSize, DmsScheduledTaskLimits.MaxPageSize)
    {
        Details = DmsScheduledTaskDetails.Descriptor,
    };

    private readonly SourceConnection _source;

    public DmsScheduledTaskClient(SourceConnection source) => _source = source;

    public BackendDescriptor Descriptor => Shape;

    public IReadOnlyList<FieldViolation> Validate(ResourceName name, string field) => DmsScheduledTaskValidator.Validate(name, field);

    public Task<CloudTask> GetTaskAsync(ResourceName name, UpstreamCall upstream, CancellationToken cancellationToken) =>
        ListScan.FindAsync(this, name.Parent(), name.Format(), upstream, _source.Options.MaxScanPages, cancellationToken);

    public async Task<TaskPage> ListTasksAsync(ResourceName parent, ListQuery query, UpstreamCall upstream, CancellationToken cancellationToken)
    {
        var path = $"/v2/{Segment.Escape(parent.Project)}/instances/{Segment.Escape(parent.Instance)}/scheduled-tasks"
            + $"?start={query.Cursor.Offset.ToString(CultureInfo.InvariantCulture)}&limit={query.PageSize.ToString(CultureInfo.InvariantCulture)}";
        // The page says neither which zone begin_time/end_time are read in nor exactly what they bound: push the range
        // down widened by the largest zone offsets, so no matching task is ever dropped; the gateway's filter then
        // applies the exact range to what comes back.
        if (query.Filter.CreatedAtOrAfter is { } after)
        {
            path += "&begin_time=" + Format(after.ToDateTime() - DmsScheduledTaskLimits.TimeZoneMargin);
        }

        if (query.Filter.CreatedAtOrBefore is { } before)
        {
            var until = before.ToDateTime() + DmsScheduledTaskLimits.TimeZoneMargin;
            path += "&end_time=" + Format(before.Nanos > 0 ? until.AddSeconds(1) : until);
        }

        var wire = await UpstreamHttp.GetJsonAsync(_source, upstream, path, DmsScheduledTaskJsonContext.Default.DmsScheduledTaskListWire, parent.Project, null, cancellationToken).ConfigureAwait(false);
        var jobs = wire.Jobs ?? [];
        var tasks = PageItems.Collect(jobs, j => j.Id, (j, id) => DmsScheduledTaskMapper.Map(j, _source.Alias, parent.Child(Shape.Collection, id), parent.Instance), query.Filter);

        var next = query.Cursor.Offset + jobs.Count;
        var end = jobs.Count == 0 || jobs.Count < query.PageSize || (wire.JobCount is { } total && next >= total);
        return new TaskPage(tasks, end ? null : new PageCursor(next, string.Empty), wire.JobCount);
    }

    // Second granularity, rounded outwards by the caller above.
    private static string Format(DateTime time) => time.ToString(DmsScheduledTaskLimits.TimeFormat, CultureInfo.InvariantCulture);
}
