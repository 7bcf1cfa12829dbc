using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using TaskGateway.Core.Errors;

namespace TaskGateway.Core.Mapping;

/// <summary>Builds CloudTask.error: the reason a task failed or was cancelled, as a google.rpc.Status.</summary>
public static class TaskError
{
    /// <summary>A failed task: ABORTED (the work stopped unfinished), with the backend's code and state in ErrorInfo.</summary>
    public static Google.Rpc.Status Failed(string source, string sourceState, string? message, string? backendCode = null) =>
        Build(Code.Aborted, "TASK_FAILED", source, sourceState, message is { Length: > 0 } ? message : "The task failed.", backendCode);

    /// <summary>A cancelled task: CANCELLED, as AIP-151 gives cancelled operations.</summary>
    public static Google.Rpc.Status Cancelled(string source, string sourceState) =>
        Build(Code.Cancelled, "TASK_CANCELLED", source, sourceState, "The task was cancelled.", null);

    private static Google.Rpc.Status Build(Code code, string reason, string source, string sourceState, string message, string? backendCode)
    {
        var info = new ErrorInfo { Reason = reason, Domain = ErrorReasons.Domain };
        info.Metadata["source"] = source;
        info.Metadata["sourceState"] = sourceState;
        info.Metadata["upstreamErrorCode"] = backendCode ?? string.Empty;
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(info));
        return status;
    }
}
