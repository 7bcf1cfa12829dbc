using TaskGateway.Core.Auth;
using TaskGateway.Core.Sources;

namespace TaskGateway.Backends.AstraTasks;

/// <summary>The registration of the AstraTask kind: NetApp Astra Control tasks: a list with continue tokens and a single GET; Bearer tokens; problem+json errors.</summary>
internal static class AstraTaskKind
{
    /// <summary>Everything the gateway needs to serve sources of this kind.</summary>
    public static BackendKind Registration { get; } = new("AstraTask", AstraTaskClient.Shape, source => new AstraTaskClient(source))
    {
        AuthSchemes = [AuthScheme.Bearer],
        ErrorBody = AstraErrorBody.Instance,
    };
}
