using System.Net;
using System.Security.Claims;

namespace TaskGateway.Security;

/// <summary>The key per-caller limits are counted under.</summary>
internal static class CallerIdentity
{
    /// <summary>The claim the gateway's schemes put the caller's key in.</summary>
    public const string CallerClaim = "taskgateway:caller";

    /// <summary>
    /// "apikey:{name}" or "jwt:{issuer}|{subject}" for authenticated callers; "anonymous:{address}" otherwise
    /// (only on loopback or behind the explicit opt-in).
    /// </summary>
    public static string Of(HttpContext http)
    {
        var user = http.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            if (user.FindFirst(CallerClaim) is { } caller)
            {
                return caller.Value;
            }

            var subject = user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.FindFirst("client_id")?.Value ?? "unknown";
            var issuer = user.FindFirst("iss")?.Value ?? user.Claims.FirstOrDefault()?.Issuer ?? string.Empty;
            return $"jwt:{issuer}|{subject}";
        }

        return "anonymous:" + (http.Connection.RemoteIpAddress ?? IPAddress.None);
    }
}
