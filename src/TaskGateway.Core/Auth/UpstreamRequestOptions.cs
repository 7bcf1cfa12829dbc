namespace TaskGateway.Core.Auth;

/// <summary>Per-request values that backends hand to the auth handlers.</summary>
public static class UpstreamRequestOptions
{
    /// <summary>The project id the request is for; a signing scheme may send it as a header.</summary>
    public static readonly HttpRequestOptionsKey<string> ProjectId = new("taskgateway.projectId");

    /// <summary>The caller's own upstream token, on sources that pass it through instead of the gateway's.</summary>
    public static readonly HttpRequestOptionsKey<string> CallerToken = new("taskgateway.callerToken");

    /// <summary>
    /// The caller token's <see cref="CredentialScope"/> (a digest), set with <see cref="CallerToken"/>: the resilience
    /// handler picks the pipeline instance (circuit breaker, concurrency limit) of that scope's bucket by it.
    /// </summary>
    public static readonly HttpRequestOptionsKey<string> CredentialScope = new("taskgateway.credentialScope");
}
