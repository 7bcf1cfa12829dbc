using TaskGateway.Contracts.V1;
using TaskGateway.Core.Mapping;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.Backends.CloudDcInstanceStatus;

/// <summary>
/// CloudDC instance status to CloudTask. The "task" is bringing the instance to a settled state: an
/// operation in progress wins, a failed operation fails, otherwise the instance state decides.
/// </summary>
internal static class CloudDcInstanceStatusMapper
{
    public static (State State, bool Done) MapState(string? state, string? operationState)
    {
        if (operationState is { Length: > 0 } op)
        {
            if (op.EndsWith("-processing", StringComparison.Ordinal))
            {
                return (State.Running, false);
            }

            if (op.EndsWith("-failed", StringComparison.Ordinal))
            {
                return (State.Failed, true);
            }
        }

        return state switch
        {
            "pending" => (State.Pending, false),
            "running" or "stopped" => (State.Succeeded, true),
            "shutting-down" or "stopping" or "reinstalling" or "modifyIping" or "switch-installing" => (State.Running, false),
            "terminated" or "teminated" => (State.Deleted, true),
            "error" or "failed" => (State.Failed, true),
            _ => (State.Unspecified, false),
        };
    }

    /// <summary>The operation an operation_state names: install-processing gives install.</summary>
    public static string Operation(string? operationState)
    {
        if (operationState is not { Length: > 0 } op)
        {
            return string.Empty;
        }

        var dash = op.LastIndexOf('-');
        return dash > 0 ? op[..dash] : op;
    }

    public static CloudTask Map(CloudDcInstanceStatusWire wire, string source, string name, string instanceId)
    {
        var (state, done) = MapState(wire.State, wire.OperationState);
        var details = new CloudDcInstanceStatusDetails
        {
            State = wire.State ?? string.Empty,
            OperationState = wire.OperationState ?? string.Empty,
            InstanceId = instanceId,
        };
        if (wire.Error is { } error)
        {
            details.Error = new CloudDcInstanceStatusDetails.Types.ErrorStatus
            {
                ErrorCode = error.ErrorCode ?? string.Empty,
                ErrorMsg = error.ErrorMsg ?? string.Empty,
                ErrorType = error.ErrorType ?? string.Empty,
            };
        }

        var sourceState = details.OperationState.Length > 0 && details.State.Length > 0
            ? details.State + "/" + details.OperationState
            : details.State + details.OperationState;
        var task = new CloudTask
        {
            Name = name,
            Source = source,
            Kind = SourceKind.ClouddcInstanceStatus,
            Type = Operation(wire.OperationState),
            State = state,
            Done = done,
            SourceState = sourceState,
            StatusMessage = details.Error?.ErrorMsg ?? string.Empty,
            ClouddcInstanceStatus = details,
        };
        if (state == State.Failed || details.Error is not null)
        {
            task.Error = TaskError.Failed(source, sourceState, details.Error?.ErrorMsg, details.Error?.ErrorCode);
        }

        Etag.Stamp(task);
        return task;
    }
}
