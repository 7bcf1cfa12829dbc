using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace TaskGateway.Security;

/// <summary>
/// Authenticates the x-api-key header against the configured keys. Keys are compared as SHA-256 digests in
/// constant time, so neither timing nor an exception message reveals how much of a key matched.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "ApiKey";
    public const string Header = "x-api-key";

    private readonly ApiKeyDigests _keys;

    // Authentication handlers are made per request; the keys' digests are computed once, at start (ApiKeyDigests).
    public ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyDigests keys)
        : base(options, logger, encoder)
    {
        _keys = keys;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[Header].ToString();
        if (presented.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        string? match = null;
        foreach (var (caller, key) in _keys.Keys)
        {
            // Every key is compared, so the time taken does not depend on which one matched.
            if (CryptographicOperations.FixedTimeEquals(digest, key))
            {
                match = caller;
            }
        }

        if (match is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, match), new Claim(CallerIdentity.CallerClaim, CallerIdentity.ApiKeyPrefix + match)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
