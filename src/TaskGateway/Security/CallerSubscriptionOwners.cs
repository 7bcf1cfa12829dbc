using Microsoft.Extensions.Options;
using TaskGateway.Events.Engine;
using TaskGateway.Events.Store;

namespace TaskGateway.Security;

/// <summary>
/// Checks a subscription's owner (<see cref="CallerIdentity"/>, as stored when it was made) against this start's caller
/// settings: an API key still configured and still granted the target; JWT callers still accepted, from the configured
/// issuer when one is pinned, with some claim grant of that issuer still covering the target; callers without
/// credentials still served remotely with no authentication; a local-only gateway still local-only. The store keeps a
/// JWT caller's issuer and subject, not its claims: its grants are checked as far as that allows (docs/events.md).
/// </summary>
internal sealed class CallerSubscriptionOwners(IOptions<CallerOptions> callers, CallerGrants grants) : ISubscriptionOwners
{
    public string? RefusedBecause(SubscriptionRecord subscription)
    {
        var options = callers.Value;
        var owner = subscription.Owner;
        if (owner.Length == 0)
        {
            // The shared owner of a local-only gateway's callers: nobody can read or delete it once callers authenticate.
            return options.LocalOnly ? null : "it was made on a local-only gateway, which now serves authenticated or remote callers (TaskGateway:Callers)";
        }

        if (owner.StartsWith(CallerIdentity.ApiKeyPrefix, StringComparison.Ordinal))
        {
            var key = owner[CallerIdentity.ApiKeyPrefix.Length..];
            if (!options.ApiKeys.ContainsKey(key))
            {
                return $"its owner's API key '{key}' is not configured (TaskGateway:Callers:ApiKeys)";
            }

            return grants.CoversApiKey(key, subscription.Target) ? null : $"its owner's API key '{key}' is not granted its target (TaskGateway:Callers:Grants)";
        }

        if (owner.StartsWith(CallerIdentity.JwtPrefix, StringComparison.Ordinal))
        {
            return JwtOwnerRefused(options.Jwt, owner[CallerIdentity.JwtPrefix.Length..], subscription.Target);
        }

        if (owner.StartsWith(CallerIdentity.AnonymousPrefix, StringComparison.Ordinal))
        {
            // Callers without credentials own subscriptions only on a gateway that serves them remotely and authenticates
            // no one; once callers authenticate they can no longer reach their subscriptions, so nothing goes out for them.
            return options.AllowUnauthenticatedRemote && !options.AuthenticationEnabled
                ? null
                : "its owner called without credentials, which the gateway does not accept now (TaskGateway:Callers)";
        }

        return "its owner is of no kind the gateway authenticates";
    }

    private string? JwtOwnerRefused(CallerJwtOptions jwt, string issuerAndSubject, string target)
    {
        if (!jwt.Enabled)
        {
            return "the gateway does not accept JWT callers, its owner's kind (TaskGateway:Callers:Jwt)";
        }

        // An issuer never holds '|' (a URL); a subject may.
        var issuer = issuerAndSubject[..Math.Max(0, issuerAndSubject.IndexOf('|', StringComparison.Ordinal))];

        // With a signing key the token's issuer must be the configured one; with an authority its discovery document may
        // name another spelling of it, which the gateway also accepts: not checked then.
        if (jwt.Issuer is { Length: > 0 } pinned && string.IsNullOrWhiteSpace(jwt.Authority)
            && !string.Equals(issuer.TrimEnd('/'), pinned.TrimEnd('/'), StringComparison.Ordinal))
        {
            return "its owner's token issuer is not the configured one (TaskGateway:Callers:Jwt:Issuer)";
        }

        return grants.CoversAnyClaimEntry(issuer, target) ? null : "no grant of its owner's issuer covers its target (TaskGateway:Callers:Grants)";
    }
}
