using TaskGateway.Contracts.V1;
using TaskGateway.Core.Mapping;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.Backends.DmsScheduledTasks;

/// <summary>DMS scheduled task to CloudTask.</summary>
internal static class DmsScheduledTaskMapper
{
    public static (State State, bool Done) MapState(string? status) => status switch
    {
        "CREATED" => (State.Pending, false),
        "EXECUTING" => (State.Running, false),
        "SUCCESS" => (State.Succeeded, true),
        "FAILED" => (State.Failed, true),
        "CANCELLED" => (State.Cancelled, true),
        "DELETED" => (State.Deleted, true),
        _ => (State.Unspecified, false),
    };

    public static CloudTask Map(DmsScheduledTaskWire wire, string source, string name, string instanceId)
    {
        var (state, done) = MapState(wire.Status);
        var details = new DmsScheduledTaskDetails
        {
            Id = wire.Id ?? string.Empty,
            Name = wire.Name ?? string.Empty,
            UserName = wire.UserName ?? string.Empty,
            UserId = wire.UserId ?? string.Empty,
            Params = wire.Params ?? string.Empty,
            Status = wire.Status ?? string.Empty,
            CreatedAt = wire.CreatedAt ?? string.Empty,
            UpdatedAt = wire.UpdatedAt ?? string.Empty,
            ScheduleAt = wire.ScheduleAt ?? string.Empty,
            InstanceId = instanceId,
        };
        var task = new CloudTask
        {
            Name = name,
            Source = source,
            Kind = SourceKind.DmsScheduledTask,
            Type = details.Name,
            State = state,
            Done = done,
            SourceState = details.Status,
            CreateTime = TimestampParser.ParseOrNull(wire.CreatedAt),
            UpdateTime = TimestampParser.ParseOrNull(wire.UpdatedAt),
            ScheduleTime = TimestampParser.ParseOrNull(wire.ScheduleAt),
            DmsScheduledTask = details,
        };

        // DMS reports no start or end; a finished job ended when it was last updated.
        if (done)
        {
            task.EndTime = task.UpdateTime;
        }

        if (state == State.Succeeded)
        {
            task.ProgressPercent = 100;
        }

        task.Error = state switch
        {
            State.Failed => TaskError.Failed(source, details.Status, null),
            State.Cancelled => TaskError.Cancelled(source, details.Status),
            _ => null,
        };
        Etag.Stamp(task);
        return task;
    }
}
