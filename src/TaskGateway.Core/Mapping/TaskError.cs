using Google.Rpc;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;

namespace TaskGateway.Core.Mapping;

/// <summary>Builds CloudTask.error: the reason a task failed or was cancelled, as a google.rpc.Status.</summary>
public static class TaskError
{
    /// <summary>A failed task: ABORTED (the work stopped unfinished), with the backend's code and state in ErrorInfo.</summary>
    public static Google.Rpc.Status Failed(string source, string sourceState, string? message, string? backendCode = null) =>
        Build(Grpc.Core.StatusCode.Aborted, ErrorReason.TaskFailed, source, sourceState, message is { Length: > 0 } ? message : "The task failed.", backendCode);

    /// <summary>A cancelled task: CANCELLED, as AIP-151 gives cancelled operations.</summary>
    public static Google.Rpc.Status Cancelled(string source, string sourceState) =>
        Build(Grpc.Core.StatusCode.Cancelled, ErrorReason.TaskCancelled, source, sourceState, "The task was cancelled.", null);

    private static Google.Rpc.Status Build(Grpc.Core.StatusCode code, ErrorReason reason, string source, string sourceState, string message, string? backendCode) =>
        ErrorMapper.NewStatus(code, message, reason, new()
        {
            ["source"] = source,
            ["sourceState"] = sourceState,
            ["upstreamErrorCode"] = backendCode ?? string.Empty,
        });
}
