using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Claims;

namespace TaskGateway.Security;

/// <summary>The key per-caller limits are counted under.</summary>
internal static class CallerIdentity
{
    /// <summary>The claim the API key scheme puts the caller's key in; read only from identities that scheme made.</summary>
    public const string CallerClaim = "taskgateway:caller";

    /// <summary>How the keys of API key callers begin ("apikey:{name}").</summary>
    public const string ApiKeyPrefix = "apikey:";

    /// <summary>How the keys of JWT callers begin ("jwt:{issuer}|{subject}").</summary>
    public const string JwtPrefix = "jwt:";

    /// <summary>How the keys of callers without credentials begin ("anonymous:{address}").</summary>
    public const string AnonymousPrefix = "anonymous:";

    /// <summary>The authentication type of identities the JWT bearer scheme makes (set on its validation parameters).</summary>
    public const string JwtAuthenticationType = "TaskGateway.Jwt";

    // A connection's remote address is one IPAddress instance for all its calls (every stream of an HTTP/2
    // connection): its key is formatted once per connection rather than once per call, and dropped with it.
    private static readonly ConditionalWeakTable<IPAddress, string> AnonymousKeys = new();

    /// <summary>
    /// "apikey:{name}" or "jwt:{issuer}|{subject}" for authenticated callers; "anonymous:{address}" otherwise
    /// (only on loopback, behind the explicit opt-in, or on a surface opened to anonymous callers). The key comes
    /// from which scheme authenticated the caller and what that scheme vouches for, never from a claim the caller
    /// chose: a JWT carrying its own taskgateway:caller claim still counts under its issuer and subject.
    /// </summary>
    public static string Of(HttpContext http)
    {
        var identity = http.User.Identity as ClaimsIdentity;
        if (identity?.IsAuthenticated == true)
        {
            switch (identity.AuthenticationType)
            {
                case ApiKeyAuthenticationHandler.SchemeName when identity.FindFirst(CallerClaim) is { } caller:
                    return caller.Value;
                case JwtAuthenticationType:
                    // The issuer is the validated one (the token's signature and iss were checked); the subject is
                    // what that issuer says. Tokens without sub (client credentials at some issuers) use the client.
                    var subject = identity.FindFirst("sub")?.Value ?? identity.FindFirst("client_id")?.Value ?? identity.FindFirst("azp")?.Value ?? string.Empty;
                    var issuer = identity.FindFirst("iss")?.Value ?? string.Empty;
                    return $"{JwtPrefix}{issuer}|{subject}";
            }

            // No other scheme is registered; should one be, its callers share one bucket rather than choose one.
            return "other:" + identity.AuthenticationType;
        }

        return Anonymous(http.Connection.RemoteIpAddress ?? IPAddress.None);
    }

    private static string Anonymous(IPAddress address) =>
        AnonymousKeys.GetValue(address, static a => AnonymousPrefix + a);
}
