using TaskGateway.Contracts.V1;
using TaskGateway.Core.Mapping;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.Backends.IotdaExportTasks;

/// <summary>IoTDA export task to CloudTask. Statuses are mixed case (Processing, Success, Failed): compared ignoring case.</summary>
internal static class IotdaExportTaskMapper
{
    public static (State State, bool Done) MapState(string? status) => status?.ToUpperInvariant() switch
    {
        "PROCESSING" => (State.Running, false),
        "SUCCESS" => (State.Succeeded, true),
        "FAILED" => (State.Failed, true),
        _ => (State.Unspecified, false),
    };

    public static CloudTask Map(IotdaExportTaskWire wire, string source, string name)
    {
        var (state, done) = MapState(wire.Status);
        var details = new IotdaExportTaskDetails
        {
            ExportTaskId = wire.ExportTaskId ?? string.Empty,
            ResourceType = wire.ResourceType ?? string.Empty,
            ResourceCondition = JsonStruct.FromObjectOrText(wire.ResourceCondition),
            ExportFormat = wire.ExportFormat ?? string.Empty,
            Status = wire.Status ?? string.Empty,
            CreateTime = wire.CreateTime ?? string.Empty,
            EndTime = wire.EndTime ?? string.Empty,
            AppType = wire.AppType ?? string.Empty,
            AppId = wire.AppId ?? string.Empty,
        };
        if (wire.ExportCount is { } count)
        {
            details.ExportCount = count;
        }

        if (wire.Progress is { } progress)
        {
            details.Progress = (int)Math.Round(progress);
        }

        var task = new CloudTask
        {
            Name = name,
            Source = source,
            Kind = SourceKind.IotdaExportTask,
            Type = details.ResourceType,
            State = state,
            Done = done,
            SourceState = details.Status,
            CreateTime = TimestampParser.ParseOrNull(wire.CreateTime),
            EndTime = done ? TimestampParser.ParseOrNull(wire.EndTime) : null,
            IotdaExportTask = details,
        };
        if (wire.Progress is { } p)
        {
            task.ProgressPercent = Math.Clamp(p, 0, 100);
        }

        if (state == State.Failed)
        {
            task.Error = TaskError.Failed(source, details.Status, null);
        }

        Etag.Stamp(task);
        return task;
    }
}
