using Grpc.Core;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Core.Errors;

/// <summary>
/// An error the gateway decides on itself (not found, unsupported method for a source, ...), with the
/// ErrorInfo reason and metadata it carries.
/// </summary>
public sealed class GatewayException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GatewayException(StatusCode code, ErrorReason reason, string message, IReadOnlyDictionary<string, string>? metadata = null, TimeSpan? retryDelay = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Metadata = metadata ?? new Dictionary<string, string>();
        RetryDelay = retryDelay;
    }

    /// <summary>When set, the caller should wait this long before retrying (sent as RetryInfo).</summary>
    public TimeSpan? RetryDelay { get; }

    /// <summary>The gRPC status code.</summary>
    public StatusCode Code { get; }

    /// <summary>The ErrorInfo reason, from the contract.</summary>
    public ErrorReason Reason { get; }

    /// <summary>The ErrorInfo metadata, lowerCamel keys.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }
}
