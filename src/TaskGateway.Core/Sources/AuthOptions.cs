namespace TaskGateway.Core.Sources;

/// <summary>A source's credentials: TaskGateway:Sources:{alias}:Auth.</summary>
public sealed record AuthOptions
{
    /// <summary>Token (X-Auth-Token), AkSk (SDK-HMAC-SHA256), AkSkDerived (V11-HMAC-SHA256) or Bearer (Astra).</summary>
    public string? Scheme { get; set; }

    /// <summary>The IAM token (Token) or API token (Bearer).</summary>
    public string? Token { get; set; }

    /// <summary>The access key id (AkSk, AkSkDerived).</summary>
    public string? AccessKey { get; set; }

    /// <summary>The secret access key (AkSk, AkSkDerived).</summary>
    public string? SecretKey { get; set; }

    /// <summary>The security token of temporary credentials, sent as X-Security-Token and signed.</summary>
    public string? SecurityToken { get; set; }

    /// <summary>The derived signing service name (AkSkDerived); defaults to iotdm for IoTDA sources.</summary>
    public string? DerivedService { get; set; }

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
