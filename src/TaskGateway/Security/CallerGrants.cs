using TaskGateway.Contracts.V1;
using System.Collections.Frozen;
using System.Security.Claims;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Names;
using TaskGateway.Logging;

namespace TaskGateway.Security;

/// <summary>
/// Per-caller authorization (TaskGateway:Callers:Grants): which sources and names each authenticated caller may
/// read. Checked by the service before anything goes upstream; a name is checked in its canonical form
/// (<see cref="ResourceName.Format"/>), never the raw request text.
/// </summary>
internal sealed class CallerGrants
{
    private readonly FrozenDictionary<string, string[]> _apiKeys;
    private readonly CallerGrantsEntry[] _claims;
    private readonly ILogger<CallerGrants> _logger;

    public CallerGrants(IOptions<CallerGrantsOptions> options, ILogger<CallerGrants> logger)
    {
        var grants = options.Value.Grants;
        Enabled = grants.Count > 0;
        _apiKeys = grants.Where(g => !string.IsNullOrEmpty(g.ApiKey))
            .GroupBy(g => g.ApiKey!, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.SelectMany(e => e.Allow).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        _claims = [.. grants.Where(g => string.IsNullOrEmpty(g.ApiKey))];
        _logger = logger;
    }

    /// <summary>Whether grants are in force; without them every caller reads every source.</summary>
    public bool Enabled { get; }

    /// <summary>Throws PERMISSION_DENIED (CALLER_NOT_GRANTED) when the caller may not read the name or what is under it.</summary>
    public void Ensure(ServerCallContext context, ResourceName name)
    {
        if (!Enabled)
        {
            return;
        }

        var http = context.GetHttpContext();
        var canonical = name.Format();
        foreach (var allow in AllowsOf(http.User))
        {
            if (Covers(allow, name.Source, canonical))
            {
                return;
            }
        }

        Log.CallerNotGranted(_logger, CallerIdentity.Of(http), canonical);
        throw new GatewayException(StatusCode.PermissionDenied, ErrorReason.CallerNotGranted,
            $"This caller is not granted '{canonical}'; ask the gateway's operator to grant it under TaskGateway:Callers:Grants.",
            new Dictionary<string, string> { ["name"] = canonical });
    }

    /// <summary>
    /// Whether an API key's grants still cover a canonical name (a subscription's target, read back from the store):
    /// how a subscription made under that key is checked again after the grants change.
    /// </summary>
    public bool CoversApiKey(string keyName, string canonical)
    {
        if (!Enabled)
        {
            return true;
        }

        return SourceOf(canonical) is { } source && _apiKeys.TryGetValue(keyName, out var allows)
            && allows.Any(allow => Covers(allow, source, canonical));
    }

    /// <summary>
    /// Whether any grant a JWT caller of this issuer could hold (an entry on a claim, for that issuer or any) still covers
    /// a canonical name. The store keeps a JWT caller's issuer and subject, not its claims: this is the most that can be
    /// checked again, and it errs on the side of the caller (an entry for another caller of the issuer counts too).
    /// </summary>
    public bool CoversAnyClaimEntry(string issuer, string canonical)
    {
        if (!Enabled)
        {
            return true;
        }

        return SourceOf(canonical) is { } source && _claims.Any(entry =>
            (string.IsNullOrEmpty(entry.Issuer) || string.Equals(entry.Issuer, issuer, StringComparison.Ordinal))
            && entry.Allow.Any(allow => Covers(allow, source, canonical)));
    }

    // The source alias of a canonical name read back from the store ("sources/{alias}/..."); null for anything else.
    private static string? SourceOf(string canonical) => canonical.Split('/') is ["sources", var source, ..] ? source : null;

    /// <summary>Whether the caller may read anything of a source (ListSources lists only those).</summary>
    public bool AllowsSource(HttpContext http, string alias)
    {
        if (!Enabled)
        {
            return true;
        }

        foreach (var allow in AllowsOf(http.User))
        {
            if (allow == "*" || allow == alias || allow.StartsWith($"sources/{alias}/", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether one Allow entry covers a canonical name: "*", the name's source alias, or a prefix ending in '/' that
    /// the name starts with (or that is the name itself with its '/').
    /// </summary>
    internal static bool Covers(string allow, string source, string canonical)
    {
        if (allow == "*" || allow == source)
        {
            return true;
        }

        if (!allow.EndsWith('/'))
        {
            return false;
        }

        return canonical.StartsWith(allow, StringComparison.Ordinal)
            || (canonical.Length == allow.Length - 1 && allow.StartsWith(canonical, StringComparison.Ordinal));
    }

    /// <summary>
    /// The Allow entries of an authenticated caller: an API key caller's by its key name (the name claim the API key
    /// handler sets, read only on identities that handler made), a JWT caller's by its claims. None for anyone else.
    /// </summary>
    internal IEnumerable<string> AllowsOf(ClaimsPrincipal user)
    {
        foreach (var identity in user.Identities)
        {
            if (!identity.IsAuthenticated)
            {
                continue;
            }

            if (identity.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName)
            {
                if (identity.FindFirst(ClaimTypes.Name)?.Value is { } keyName && _apiKeys.TryGetValue(keyName, out var allows))
                {
                    foreach (var allow in allows)
                    {
                        yield return allow;
                    }
                }

                continue;
            }

            // A JWT: its claims are the issuer's word, and the name claim an API key identity carries means nothing here.
            var issuer = identity.FindFirst("iss")?.Value;
            foreach (var entry in _claims)
            {
                if ((entry.Issuer is not { Length: > 0 } pinned || pinned == issuer) && identity.HasClaim(entry.Claim!, entry.Value!))
                {
                    foreach (var allow in entry.Allow)
                    {
                        yield return allow;
                    }
                }
            }
        }
    }
}
