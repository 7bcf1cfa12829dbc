using TaskGateway.Contracts.V1;
using TaskGateway.Core.Mapping;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.Backends.CloudDcInstanceStatus;

/// <summary>
/// CloudDC instance status to CloudTask. The "task" is bringing the instance to a settled state: an operation in
/// progress wins; then an instance still changing (pending, shutting-down, ...) is not done whatever a stale
/// "*-failed" from an earlier operation says; then a failed operation fails; otherwise the instance state decides.
/// Done are the settled states (running, stopped: the work that led there is over; terminated; error) and a failed
/// operation on a settled instance. The task's error is set only when the state is FAILED.
/// </summary>
internal static class CloudDcInstanceStatusMapper
{
    public static (State State, bool Done) MapState(string? state, string? operationState)
    {
        if (operationState is { Length: > 0 } processing && processing.EndsWith("-processing", StringComparison.Ordinal))
        {
            return (State.Running, false);
        }

        switch (state)
        {
            case "pending":
                return (State.Pending, false);
            case "shutting-down" or "stopping" or "reinstalling" or "modifyIping" or "switch-installing":
                return (State.Running, false);
        }

        if (operationState is { Length: > 0 } op && op.EndsWith("-failed", StringComparison.Ordinal))
        {
            return (State.Failed, true);
        }

        return state switch
        {
            "running" or "stopped" => (State.Succeeded, true),
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
        // cloud_task.proto promises error only on FAILED: an error object beside a state that is not failed (a stale
        // one, or one the instance recovered from) stays in details.
        if (state == State.Failed)
        {
            task.Error = TaskError.Failed(source, sourceState, details.Error?.ErrorMsg, details.Error?.ErrorCode);
        }

        Etag.Stamp(task);
        return task;
    }
}
