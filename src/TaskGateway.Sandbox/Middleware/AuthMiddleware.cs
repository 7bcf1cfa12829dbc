using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using TaskGateway.Backends.Huawei;
using TaskGateway.Sandbox.Data;
using TaskGateway.Sandbox.Endpoints;

namespace TaskGateway.Sandbox.Middleware;

/// <summary>
/// Checks credentials the way the vendors do: Astra wants its Bearer token; Huawei APIs take an IAM token
/// in X-Auth-Token or an AK/SK signature (SDK-HMAC-SHA256 or V11-HMAC-SHA256), verified here with the
/// same canonicalisation the gateway signs with, and X-Sdk-Date within 15 minutes.
/// </summary>
internal sealed class AuthMiddleware
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(15);
    private readonly RequestDelegate _next;
    private readonly SandboxClock _clock;

    public AuthMiddleware(RequestDelegate next, SandboxClock clock)
    {
        _next = next;
        _clock = clock;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var error = VendorErrors.IsAstra(context.Request.Path) ? CheckAstra(context) : CheckHuawei(context);
        if (error is not null)
        {
            await error.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await _next(context).ConfigureAwait(false);
    }

    private static IResult? CheckAstra(HttpContext context) => context.Request.Headers.Authorization.ToString() switch
    {
        "Bearer " + SandboxCredentials.AstraToken => null,
        "Bearer " + SandboxCredentials.AstraOtherUserToken => VendorErrors.Astra(context, 403, 4, "Forbidden", "The user may not access this account."),
        _ => VendorErrors.Astra(context, 401, 3, "Unauthorized", "The supplied bearer token is missing or invalid."),
    };

    private IResult? CheckHuawei(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (headers.TryGetValue("X-Auth-Token", out var token))
        {
            return token.ToString() == SandboxCredentials.HuaweiToken
                ? null
                : VendorErrors.Huawei(context, 401, "APIG.1002", "Incorrect token or token resolution failed.", fromApiGateway: true);
        }

        var authorization = headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return VendorErrors.Huawei(context, 401, "APIG.1000", "Authorization header is missing.", fromApiGateway: true);
        }

        var date = headers[HuaweiSigner.DateHeader].ToString();
        if (!DateTimeOffset.TryParseExact(date, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var signedAt)
            || (signedAt - _clock.Now).Duration() > ClockSkew)
        {
            return VendorErrors.Huawei(context, 401, "APIG.0303", "The X-Sdk-Date is missing or more than 15 minutes from the server time.", fromApiGateway: true);
        }

        return Verify(context, authorization, date)
            ? null
            : VendorErrors.Huawei(context, 401, "APIG.0301", "Incorrect IAM authentication information: verify aksk signature fail.", fromApiGateway: true);
    }

    private static bool Verify(HttpContext context, string authorization, string date)
    {
        var space = authorization.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return false;
        }

        var algorithm = authorization[..space];
        var parts = authorization[(space + 1)..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("SignedHeaders", out var signedList) || !parts.TryGetValue("Signature", out var signature))
        {
            return false;
        }

        var names = signedList.Split(';');
        if (!names.Contains("x-sdk-date"))
        {
            return false;
        }

        var signed = new List<KeyValuePair<string, string>>();
        foreach (var name in names)
        {
            var value = name == "host" ? context.Request.Host.Value ?? string.Empty : context.Request.Headers[name].ToString();
            signed.Add(new(name, value));
        }

        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var q = raw.IndexOf('?', StringComparison.Ordinal);
        var canonical = HuaweiSigner.CanonicalRequest(context.Request.Method, q < 0 ? raw : raw[..q], q < 0 ? string.Empty : raw[q..], signed, HuaweiSigner.EmptyBodyHash);

        string expected;
        if (algorithm == HuaweiSigner.Algorithm && parts.GetValueOrDefault("Access") == SandboxCredentials.AccessKey)
        {
            expected = HuaweiSigner.Sign(canonical, date, SandboxCredentials.SecretKey);
        }
        else if (algorithm == HuaweiSigner.DerivedAlgorithm && parts.TryGetValue("Credential", out var credential))
        {
            // Credential = AK/yyyyMMdd/region/service
            var scope = credential.Split('/', 2);
            if (scope.Length != 2 || scope[0] != SandboxCredentials.AccessKey || !scope[1].StartsWith(date[..8] + "/" + SandboxCredentials.Region + "/", StringComparison.Ordinal))
            {
                return false;
            }

            expected = HuaweiSigner.SignDerived(canonical, date, scope[1], SandboxCredentials.AccessKey, SandboxCredentials.SecretKey);
        }
        else
        {
            return false;
        }

        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(expected), System.Text.Encoding.ASCII.GetBytes(signature));
    }
}
