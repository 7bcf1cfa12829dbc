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
    /// of the gateway's. Watches are then shared only between callers with the same token; with no Token
    /// configured, a caller that sends none gets UNAUTHENTICATED.
    /// </summary>
    public bool PassCallerToken { get; set; }

    /// <inheritdoc/>
    public override string ToString() => $"AuthOptions {{ Scheme = {Scheme}, PassCallerToken = {PassCallerToken} }}";
}
