namespace TaskGateway.Core.Sources;

/// <summary>A source's credentials: TaskGateway:Sources:{alias}:Auth.</summary>
public sealed record AuthOptions
{
    /// <summary>One of the auth schemes the source's kind accepts (<see cref="BackendKind.AuthSchemes"/>), e.g. Bearer.</summary>
    public string? Scheme { get; set; }

    /// <summary>The token of token schemes (Bearer, or a vendor's own token header).</summary>
    public string? Token { get; set; }

    /// <summary>The access key id of signing schemes.</summary>
    public string? AccessKey { get; set; }

    /// <summary>The secret access key of signing schemes.</summary>
    public string? SecretKey { get; set; }

    /// <summary>The security token of temporary credentials, which signing schemes send and sign beside the access key.</summary>
    public string? SecurityToken { get; set; }

    /// <summary>
    /// Token and Bearer only: use the caller's own upstream token, sent in the x-upstream-token metadata, instead
    /// of the gateway's. Watches are then shared only between callers with the same token; a caller that sends
    /// none (or an empty one) gets UNAUTHENTICATED before any upstream call. Such a source has no Token of its own
    /// unless <see cref="AllowGatewayTokenFallback"/> asks for one.
    /// </summary>
    public bool PassCallerToken { get; set; }

    /// <summary>
    /// Pass-through sources only (default false): lets a caller that sends no x-upstream-token read the source with
    /// the gateway's own Token. Off, a pass-through source with a Token is refused at start-up, because the fallback
    /// lets a caller whose own token the backend refuses read with the gateway's by sending none. On, the gateway
    /// says so at Warning at every start.
    /// </summary>
    public bool AllowGatewayTokenFallback { get; set; }

    /// <inheritdoc/>
    public override string ToString() => $"AuthOptions {{ Scheme = {Scheme}, PassCallerToken = {PassCallerToken}, AllowGatewayTokenFallback = {AllowGatewayTokenFallback} }}";
}
