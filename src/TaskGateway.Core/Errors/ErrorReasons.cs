using TaskGateway.Contracts.V1;

namespace TaskGateway.Core.Errors;

/// <summary>
/// The ErrorInfo domain and the names of the contract's <see cref="ErrorReason"/> values, which ErrorInfo.reason
/// carries ("UPSTREAM_TIMEOUT"). The reasons themselves live in the contract (protos/taskgateway/v1/error_reason.proto),
/// so that every client can switch on them; the gateway never spells one as a string.
/// </summary>
public static class ErrorReasons
{
    /// <summary>The ErrorInfo domain of every error.</summary>
    public const string Domain = "taskgateway";

    // Indexed by value: the enum's numbers run from 0 without gaps (a test holds that), so a lookup is an array read.
    private static readonly string[] Names = [.. ErrorReasonReflection.Descriptor.EnumTypes[0].Values.OrderBy(v => v.Number).Select(v => v.Name)];

    /// <summary>The name a reason is sent by, as the contract spells it (the proto value's name).</summary>
    public static string NameOf(ErrorReason reason) => Names[(int)reason];
}
