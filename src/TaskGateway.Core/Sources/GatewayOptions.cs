namespace TaskGateway.Core.Sources;

/// <summary>The TaskGateway configuration section.</summary>
public sealed record GatewayOptions
{
    /// <summary>The configuration section's name.</summary>
    public const string SectionName = "TaskGateway";

    /// <summary>The backends, by alias: the alias is the first id of every resource name.</summary>
    public Dictionary<string, SourceOptions> Sources { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Base64 of at least 32 random bytes that seal page tokens. Give every replica the same key so that any
    /// replica accepts any replica's tokens; when unset, each process makes its own and says so at start-up.
    /// </summary>
    public string? PageTokenKey { get; set; }

    /// <summary>
    /// During a key rotation, the key PageTokenKey replaced (base64 of at least 32 bytes): tokens it sealed still open
    /// until they expire, while new tokens are always sealed with PageTokenKey. Drop it once PageTokenMaxAge has
    /// passed since every replica runs the new key.
    /// </summary>
    public string? PageTokenPreviousKey { get; set; }

    /// <summary>How long a page or resume token opens after it was issued: from one minute to 30 days, 24 hours by default.</summary>
    public TimeSpan PageTokenMaxAge { get; set; } = TimeSpan.FromHours(24);
}
