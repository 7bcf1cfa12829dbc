using TaskGateway.Contracts.V1;
using TaskGateway.Core.Mapping;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.Backends.AstraTasks;

/// <summary>Astra task to CloudTask.</summary>
internal static class AstraTaskMapper
{
    // pausing is still executing until it reaches paused: RUNNING, so nobody acts on a pause that has not happened.
    public static (State State, bool Done) MapState(string? state) => state switch
    {
        "notStarted" => (State.Pending, false),
        "running" => (State.Running, false),
        "pausing" => (State.Running, false),
        "paused" => (State.Paused, false),
        "cancelling" => (State.Cancelling, false),
        "completed" => (State.Succeeded, true),
        "cancelled" => (State.Cancelled, true),
        "failed" => (State.Failed, true),
        _ => (State.Unspecified, false),
    };

    public static CloudTask Map(AstraTaskWire wire, string source, string name, string accountPrefix, string accountId)
    {
        var (state, done) = MapState(wire.State);
        var details = Details(wire, accountId);
        var task = new CloudTask
        {
            Name = name,
            Source = source,
            Kind = SourceKind.AstraTask,
            Type = details.Name,
            State = state,
            Done = done,
            SourceState = details.State,
            StartTime = TimestampParser.ParseOrNull(wire.StartTime),
            EndTime = TimestampParser.ParseOrNull(wire.EndTime) ?? (state == State.Cancelled ? TimestampParser.ParseOrNull(wire.CancelTime) : null),
            StatusMessage = StatusMessage(details),
            Parent = details.ParentTaskId.Length > 0 ? accountPrefix + details.ParentTaskId : string.Empty,
            AstraTask = details,
        };
        if (wire.PercentDone is { } p)
        {
            task.ProgressPercent = Math.Clamp(p, 0, 100);
        }

        if (wire.Metadata is { } metadata)
        {
            AddMetadata(task, details, metadata);
        }

        task.Error = state switch
        {
            State.Failed => TaskError.Failed(source, details.State, task.StatusMessage),
            State.Cancelled => TaskError.Cancelled(source, details.State),
            _ => null,
        };
        Etag.Stamp(task);
        return task;
    }

    // The backend's own fields, as sent (times as strings, so nothing a parse drops is lost).
    private static AstraTaskDetails Details(AstraTaskWire wire, string accountId)
    {
        var details = new AstraTaskDetails
        {
            Type = wire.Type ?? string.Empty,
            Version = wire.Version ?? string.Empty,
            Id = wire.Id ?? string.Empty,
            Name = wire.Name ?? string.Empty,
            Summary = wire.Summary ?? string.Empty,
            Description = wire.Description ?? string.Empty,
            Service = wire.Service ?? string.Empty,
            ParentTaskId = wire.ParentTaskId ?? string.Empty,
            UserId = wire.UserId ?? string.Empty,
            ResourceId = wire.ResourceId ?? string.Empty,
            ResourceUri = wire.ResourceUri ?? string.Empty,
            State = wire.State ?? string.Empty,
            StartTime = wire.StartTime ?? string.Empty,
            EndTime = wire.EndTime ?? string.Empty,
            CancelTime = wire.CancelTime ?? string.Empty,
            AccountId = accountId,
        };
        details.ResourceCollectionUri.AddRange(wire.ResourceCollectionUri ?? []);
        AddStates(details, wire);
        if (wire.OrderHint is { } hint)
        {
            details.OrderHint = hint;
        }

        if (wire.PercentDone is { } percent)
        {
            details.PercentDone = percent;
        }

        return details;
    }

    // The transitions the task allows and the details of its current state.
    private static void AddStates(AstraTaskDetails details, AstraTaskWire wire)
    {
        foreach (var t in wire.StateTransitions ?? [])
        {
            var transition = new AstraTaskDetails.Types.StateTransition { From = t.From ?? string.Empty };
            transition.To.AddRange(t.To ?? []);
            details.StateTransitions.Add(transition);
        }

        foreach (var d in wire.StateDetails ?? [])
        {
            details.StateDetails.Add(new AstraTaskDetails.Types.StateDetail
            {
                Type = d.Type ?? string.Empty,
                Title = d.Title ?? string.Empty,
                Detail = d.Detail ?? string.Empty,
                AdditionalDetails = JsonStruct.FromObject(d.AdditionalDetails),
            });
        }
    }

    // Metadata into the details as sent; its labels and times also into the task's own fields.
    private static void AddMetadata(CloudTask task, AstraTaskDetails details, AstraMetadataWire metadata)
    {
        var meta = new AstraTaskDetails.Types.Metadata
        {
            CreationTimestamp = metadata.CreationTimestamp ?? string.Empty,
            ModificationTimestamp = metadata.ModificationTimestamp ?? string.Empty,
            CreatedBy = metadata.CreatedBy ?? string.Empty,
            ModifiedBy = metadata.ModifiedBy ?? string.Empty,
        };
        foreach (var label in metadata.Labels ?? [])
        {
            meta.Labels.Add(new AstraTaskDetails.Types.Label { Name = label.Name ?? string.Empty, Value = label.Value ?? string.Empty });
            if (label.Name is { Length: > 0 } key)
            {
                task.Labels[key] = label.Value ?? string.Empty;
            }
        }

        details.Metadata = meta;
        task.CreateTime = TimestampParser.ParseOrNull(metadata.CreationTimestamp);
        task.UpdateTime = TimestampParser.ParseOrNull(metadata.ModificationTimestamp);
    }

    // stateDetails say why the state is what it is; without them the summary is the best description.
    private static string StatusMessage(AstraTaskDetails details)
    {
        if (details.StateDetails.Count == 0)
        {
            return details.Summary;
        }

        return string.Join("; ", details.StateDetails.Select(d => d.Detail.Length > 0 ? $"{d.Title}: {d.Detail}" : d.Title));
    }
}
