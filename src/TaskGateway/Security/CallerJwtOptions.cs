namespace TaskGateway.Security;

/// <summary>JWT bearer validation for callers: TaskGateway:Callers:Jwt.</summary>
internal sealed record CallerJwtOptions
{
    /// <summary>An OpenID Connect issuer whose discovery document and keys validate tokens, e.g. https://login.example.com/realm.</summary>
    public string? Authority { get; set; }

    /// <summary>The expected iss claim; defaults to the Authority.</summary>
    public string? Issuer { get; set; }

    /// <summary>The expected aud claim; required.</summary>
    public string? Audience { get; set; }

    /// <summary>Base64 of a symmetric HS256 key of at least 32 bytes, for issuers without discovery (and tests).</summary>
    public string? SigningKey { get; set; }

    /// <summary>Whether JWT validation is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(SigningKey);

    /// <inheritdoc/>
    public override string ToString() => $"CallerJwtOptions {{ Authority = {Authority}, Issuer = {Issuer}, Audience = {Audience} }}";
}
