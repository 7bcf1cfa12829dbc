using Google.Rpc;
using Grpc.Core;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Client;

/// <summary>
/// Reads the gateway's errors as the contract defines them: the ErrorInfo (domain <c>taskgateway</c>) of a failed
/// call and its reason as an <see cref="ErrorReason"/>, so that callers switch on the generated enum, never on text.
/// </summary>
public static class GatewayErrors
{
    /// <summary>The ErrorInfo domain of the gateway's errors.</summary>
    public const string Domain = "taskgateway";

    private static readonly Google.Protobuf.Reflection.EnumDescriptor Reasons = ErrorReasonReflection.Descriptor.EnumTypes[0];

    /// <summary>The gateway's ErrorInfo on a failed call, or null when the call carries none (or another domain's).</summary>
    public static ErrorInfo? InfoOf(RpcException e) =>
        e.GetRpcStatus()?.GetDetail<ErrorInfo>() is { Domain: Domain } info ? info : null;

    /// <summary>
    /// Why the gateway failed the call; <see cref="ErrorReason.Unspecified"/> when it sent no ErrorInfo, or a reason
    /// this version of the contract does not know (a newer gateway's): treat those by their status code.
    /// </summary>
    public static ErrorReason ReasonOf(RpcException e) =>
        InfoOf(e) is { } info && Reasons.FindValueByName(info.Reason) is { } value ? (ErrorReason)value.Number : ErrorReason.Unspecified;
}
