using Microsoft.Extensions.Options;
using TaskGateway.Events.Engine;
using TaskGateway.Events.Store;

namespace TaskGateway.Security;

/// <summary>
/// Checks a subscription's owner (<see cref="CallerIdentity"/>, as stored when it was made) against the caller settings
/// of this start: an API key still configured and still granted the target, JWT callers still accepted, callers without
/// credentials still served remotely, a local-only gateway still local-only. What cannot be checked again is allowed:
/// grants written on a JWT caller's claims need claims the store does not keep (docs/events.md says so).
/// </summary>
internal sealed class CallerSubscriptionOwners(IOptions<CallerOptions> callers, CallerGrants grants) : ISubscriptionOwners
{
    private const string ApiKeyPrefix = "apikey:";

    public string? RevokedBecause(SubscriptionRecord subscription)
    {
        var options = callers.Value;
        var owner = subscription.Owner;
        if (owner.Length == 0)
        {
            // The shared owner of a local-only gateway's callers: nobody can read or delete it once callers authenticate.
            return options.LocalOnly ? null : "it was made on a local-only gateway, which now serves authenticated or remote callers (TaskGateway:Callers)";
        }

        if (owner.StartsWith(ApiKeyPrefix, StringComparison.Ordinal))
        {
            var key = owner[ApiKeyPrefix.Length..];
            if (!options.ApiKeys.ContainsKey(key))
            {
                return $"its owner's API key '{key}' is no longer configured (TaskGateway:Callers:ApiKeys)";
            }

            return grants.CoversApiKey(key, subscription.Target) ? null : $"its owner's API key '{key}' is no longer granted its target (TaskGateway:Callers:Grants)";
        }

        if (owner.StartsWith("jwt:", StringComparison.Ordinal))
        {
            return options.Jwt.Enabled ? null : "the gateway no longer accepts JWT callers, its owner's kind (TaskGateway:Callers:Jwt)";
        }

        if (owner.StartsWith("anonymous:", StringComparison.Ordinal))
        {
            return options.AllowUnauthenticatedRemote ? null : "its owner called without credentials, which the gateway no longer accepts (TaskGateway:Callers:AllowUnauthenticatedRemote)";
        }

        return "its owner is of no kind the gateway authenticates";
    }
}
