using TaskGateway.Contracts.V1;
using TaskGateway.Core.Mapping;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.Backends.IotdaInstanceTasks;

/// <summary>IoTDA instance task to CloudTask.</summary>
internal static class IotdaInstanceTaskMapper
{
    public static (State State, bool Done) MapState(string? status) => status switch
    {
        "PENDING" => (State.Pending, false),
        "RUNNING" => (State.Running, false),
        "SUCCESS" => (State.Succeeded, true),
        "FAILED" => (State.Failed, true),
        _ => (State.Unspecified, false),
    };

    public static CloudTask Map(IotdaInstanceTaskWire wire, string source, string name, string instanceId)
    {
        var (state, done) = MapState(wire.Status);
        var details = Details(wire, instanceId);
        var task = new CloudTask
        {
            Name = name,
            Source = source,
            Kind = SourceKind.IotdaInstanceTask,
            Type = details.Type,
            State = state,
            Done = done,
            SourceState = details.Status,
            StatusMessage = details.StatusDetail,
            CreateTime = TimestampParser.ParseOrNull(wire.CreateTime),
            StartTime = TimestampParser.ParseOrNull(wire.StartTime),
            EndTime = done ? TimestampParser.ParseOrNull(wire.EndTime) : null,
            IotdaInstanceTask = details,
        };
        if (wire.Progress is { } p)
        {
            task.ProgressPercent = Math.Clamp(p, 0, 100);
        }
        else if (done && state == State.Succeeded)
        {
            task.ProgressPercent = 100;
        }

        if (state == State.Failed)
        {
            task.Error = TaskError.Failed(source, details.Status, details.StatusDetail);
        }

        Etag.Stamp(task);
        return task;
    }

    // The backend's own fields, as sent (times as strings, so nothing a parse drops is lost).
    private static IotdaInstanceTaskDetails Details(IotdaInstanceTaskWire wire, string instanceId)
    {
        var details = new IotdaInstanceTaskDetails
        {
            TaskId = wire.TaskId ?? string.Empty,
            Type = wire.Type ?? string.Empty,
            Status = wire.Status ?? string.Empty,
            StatusDetail = wire.StatusDetail ?? string.Empty,
            CreateTime = wire.CreateTime ?? string.Empty,
            StartTime = wire.StartTime ?? string.Empty,
            EndTime = wire.EndTime ?? string.Empty,
            InstanceId = instanceId,
        };
        if (wire.Progress is { } progress)
        {
            details.Progress = (int)Math.Round(progress);
        }

        if (wire.TargetConfig is { } config)
        {
            details.TargetConfig = TargetConfig(config);
        }

        if (wire.OperateWindow is { } window)
        {
            details.OperateWindow = new IotdaInstanceTaskDetails.Types.OperateWindow { StartTime = window.StartTime ?? string.Empty, EndTime = window.EndTime ?? string.Empty };
        }

        return details;
    }

    private static IotdaInstanceTaskDetails.Types.TargetConfig TargetConfig(IotdaTargetConfigWire config)
    {
        var target = new IotdaInstanceTaskDetails.Types.TargetConfig { ChargeMode = config.ChargeMode ?? string.Empty };
        if (config.Flavor is { } flavor)
        {
            target.Flavor = new IotdaInstanceTaskDetails.Types.Flavor { Type = flavor.Type ?? string.Empty };
            if (flavor.Size is { } size)
            {
                target.Flavor.Size = (long)size;
            }
        }

        return target;
    }
}
