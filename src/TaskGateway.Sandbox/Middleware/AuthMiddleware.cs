using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using TaskGateway.Sandbox.Data;
using TaskGateway.Sandbox.Endpoints;

namespace TaskGateway.Sandbox.Middleware;

/// <summary>
/// Checks credentials the way the vendors do: Astra wants its Bearer token; Huawei APIs take an IAM token
/// in X-Auth-Token or an AK/SK signature (SDK-HMAC-SHA256 or V11-HMAC-SHA256), verified by the sandbox's own
/// <see cref="HuaweiSignatureVerifier"/> (not the gateway's signer), X-Sdk-Date within 15 minutes, and a temporary
/// key's X-Security-Token.
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
        var error = VendorErrors.IsAstra(context.Request.Path) ? CheckAstra(context) : await CheckHuaweiAsync(context).ConfigureAwait(false);
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

    private async Task<IResult?> CheckHuaweiAsync(HttpContext context)
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

        var date = headers["X-Sdk-Date"].ToString();
        if (!DateTimeOffset.TryParseExact(date, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var signedAt)
            || (signedAt - _clock.Now).Duration() > ClockSkew)
        {
            return VendorErrors.Huawei(context, 401, "APIG.0303", "The X-Sdk-Date is missing or more than 15 minutes from the server time.", fromApiGateway: true);
        }

        byte[] body = [];
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            context.Request.EnableBuffering();
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            context.Request.Body.Position = 0;
            body = buffer.ToArray();
        }

        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        string? accessKey = null;
        var check = HuaweiSignatureVerifier.Verify(context.Request.Method, raw, name => Header(context, name), body, authorization,
            key => SecretOf(accessKey = key), SandboxCredentials.Region);
        if (check == SignatureCheck.RequiredHeaderNotSigned)
        {
            return VendorErrors.Huawei(context, 401, "APIG.0301", "Incorrect IAM authentication information: host and x-sdk-date (and x-security-token when sent) must be signed.", fromApiGateway: true);
        }

        if (check != SignatureCheck.Valid)
        {
            return VendorErrors.Huawei(context, 401, "APIG.0301", "Incorrect IAM authentication information: verify aksk signature fail.", fromApiGateway: true);
        }

        // A temporary key is only good with its own security token (which the signature, checked above, covers).
        var temporary = accessKey == SandboxCredentials.TemporaryAccessKey;
        var sentToken = headers["X-Security-Token"].ToString();
        if (temporary ? sentToken != SandboxCredentials.SecurityToken : sentToken.Length > 0)
        {
            return VendorErrors.Huawei(context, 401, "APIG.0301", "Incorrect IAM authentication information: the security token is missing, expired or not of this access key.", fromApiGateway: true);
        }

        return null;
    }

    private static string? Header(HttpContext context, string name) =>
        name == "host" ? context.Request.Host.Value
        : context.Request.Headers.TryGetValue(name, out var value) ? value.ToString() : null;

    private static string? SecretOf(string accessKey) => accessKey switch
    {
        SandboxCredentials.AccessKey => SandboxCredentials.SecretKey,
        SandboxCredentials.TemporaryAccessKey => SandboxCredentials.TemporarySecretKey,
        _ => null,
    };
}
