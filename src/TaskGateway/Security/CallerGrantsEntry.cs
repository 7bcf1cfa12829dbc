namespace TaskGateway.Security;

/// <summary>
/// One grant: who (exactly one of <see cref="ApiKey"/>, or <see cref="Claim"/> with <see cref="Value"/>) and what
/// (<see cref="Allow"/>).
/// </summary>
internal sealed record CallerGrantsEntry
{
    /// <summary>An API key's name, as under TaskGateway:Callers:ApiKeys:{name}.</summary>
    public string? ApiKey { get; set; }

    /// <summary>A JWT claim type (e.g. sub, client_id, azp, groups); matches callers with a claim of that type holding <see cref="Value"/>.</summary>
    public string? Claim { get; set; }

    /// <summary>The claim's value (e.g. the service account's subject).</summary>
    public string? Value { get; set; }

    /// <summary>Optional: the JWT's issuer (iss) must be this too, when several issuers' subjects could collide.</summary>
    public string? Issuer { get; set; }

    /// <summary>
    /// What the callers may read, each one of: "*" (everything); a source alias ("astra": every name of that source);
    /// a resource name prefix ending in '/' ("sources/astra/accounts/6c4f0e1a/": that name and every name under it,
    /// compared with the canonical name).
    /// </summary>
    public List<string> Allow { get; set; } = [];
}
