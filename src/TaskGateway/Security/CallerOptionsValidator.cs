using Microsoft.Extensions.Options;
using TaskGateway.Core.Sources;

namespace TaskGateway.Security;

/// <summary>Reports every caller configuration error at start-up at once; never echoes a key.</summary>
internal sealed class CallerOptionsValidator : IValidateOptions<CallerOptions>
{
    public const int MinApiKeyLength = 24;

    private const string Key = CallerOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, CallerOptions options)
    {
        var errors = new List<string>();
        ValidateApiKeys(options, errors);
        if (options.Jwt.Enabled)
        {
            ValidateJwt(options.Jwt, errors);
        }

        ValidateLimits(options, errors);
        if (options.Anonymous is null)
        {
            errors.Add($"{Key}:Anonymous: must be a section of true/false switches (Health, Reflection, Metrics, OpenApi).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    // Each caller's name and key, in name order so the report is stable.
    private static void ValidateApiKeys(CallerOptions options, List<string> errors)
    {
        foreach (var (caller, apiKey) in options.ApiKeys.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            if (caller.Length is 0 or > 64 || !caller.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                errors.Add($"{Key}:ApiKeys:{caller}: the caller name must be 1 to 64 ASCII letters, digits, '-', '_' or '.'.");
            }

            if (apiKey is null || apiKey.Length < MinApiKeyLength || apiKey.Any(c => c < 0x21 || c > 0x7e))
            {
                errors.Add($"{Key}:ApiKeys:{caller}: the key must be at least {MinApiKeyLength} printable ASCII characters without spaces (the value is not shown), e.g. the output of 'openssl rand -base64 32'.");
            }
        }
    }

    // Read only when JWT callers are enabled: tokens are then checked against an audience and an issuer's keys.
    private static void ValidateJwt(CallerJwtOptions jwt, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(jwt.Audience))
        {
            errors.Add($"{Key}:Jwt:Audience: required when JWT callers are enabled.");
        }

        if (jwt.Authority is { Length: > 0 } authority && (!Uri.TryCreate(authority, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{Key}:Jwt:Authority: must be an absolute https URL.");
        }

        if (jwt.SigningKey is { Length: > 0 } signingKey && !KeyMaterial.IsBase64Key(signingKey))
        {
            errors.Add($"{Key}:Jwt:SigningKey: must be base64 of at least 32 bytes (the value is not shown).");
        }

        if (string.IsNullOrWhiteSpace(jwt.Authority) && string.IsNullOrWhiteSpace(jwt.Issuer))
        {
            errors.Add($"{Key}:Jwt:Issuer: required with a SigningKey (there is no Authority to take it from).");
        }
    }

    // The per-caller rate limit and the gateway's caps on streams and calls in flight.
    private static void ValidateLimits(CallerOptions options, List<string> errors)
    {
        if (options.RequestsPerSecond is < 1 or > 1_000_000)
        {
            errors.Add($"{Key}:RequestsPerSecond: must be from 1 to 1000000, or unset for no per-caller rate limit.");
        }

        if (options.Burst is < 1 or > 1_000_000)
        {
            errors.Add($"{Key}:Burst: must be from 1 to 1000000.");
        }
        else if (options.Burst is not null && options.RequestsPerSecond is null)
        {
            errors.Add($"{Key}:Burst: has no effect without RequestsPerSecond, which turns per-caller rate limits on.");
        }

        if (options.MaxWatchStreams is < 1 or > 1_000_000)
        {
            errors.Add($"{Key}:MaxWatchStreams: must be from 1 to 1000000.");
        }

        if (options.MaxCallsInFlight is < 1 or > 1_000_000)
        {
            errors.Add($"{Key}:MaxCallsInFlight: must be from 1 to 1000000.");
        }
    }
}
