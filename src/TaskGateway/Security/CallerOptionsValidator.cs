using Microsoft.Extensions.Options;
using TaskGateway.Core.Sources;

namespace TaskGateway.Security;

/// <summary>Reports every caller configuration error at start-up at once; never echoes a key.</summary>
internal sealed class CallerOptionsValidator : IValidateOptions<CallerOptions>
{
    public const int MinApiKeyLength = 24;

    public ValidateOptionsResult Validate(string? name, CallerOptions options)
    {
        var errors = new List<string>();
        const string key = CallerOptions.SectionName;
        foreach (var (caller, apiKey) in options.ApiKeys.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            if (caller.Length is 0 or > 64 || !caller.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                errors.Add($"{key}:ApiKeys:{caller}: the caller name must be 1 to 64 ASCII letters, digits, '-', '_' or '.'.");
            }

            if (apiKey is null || apiKey.Length < MinApiKeyLength || apiKey.Any(c => c < 0x21 || c > 0x7e))
            {
                errors.Add($"{key}:ApiKeys:{caller}: the key must be at least {MinApiKeyLength} printable ASCII characters without spaces (the value is not shown), e.g. the output of 'openssl rand -base64 32'.");
            }
        }

        var jwt = options.Jwt;
        if (jwt.Enabled)
        {
            if (string.IsNullOrWhiteSpace(jwt.Audience))
            {
                errors.Add($"{key}:Jwt:Audience: required when JWT callers are enabled.");
            }

            if (jwt.Authority is { Length: > 0 } authority && (!Uri.TryCreate(authority, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{key}:Jwt:Authority: must be an absolute https URL.");
            }

            if (jwt.SigningKey is { Length: > 0 } signingKey && !KeyMaterial.IsBase64Key(signingKey))
            {
                errors.Add($"{key}:Jwt:SigningKey: must be base64 of at least 32 bytes (the value is not shown).");
            }

            if (string.IsNullOrWhiteSpace(jwt.Authority) && string.IsNullOrWhiteSpace(jwt.Issuer))
            {
                errors.Add($"{key}:Jwt:Issuer: required with a SigningKey (there is no Authority to take it from).");
            }
        }

        if (options.RequestsPerSecond is < 1 or > 1_000_000)
        {
            errors.Add($"{key}:RequestsPerSecond: must be from 1 to 1000000, or unset for no per-caller rate limit.");
        }

        if (options.Burst is < 1 or > 1_000_000)
        {
            errors.Add($"{key}:Burst: must be from 1 to 1000000.");
        }
        else if (options.Burst is not null && options.RequestsPerSecond is null)
        {
            errors.Add($"{key}:Burst: has no effect without RequestsPerSecond, which turns per-caller rate limits on.");
        }

        if (options.MaxWatchStreams is < 1 or > 1_000_000)
        {
            errors.Add($"{key}:MaxWatchStreams: must be from 1 to 1000000.");
        }

        if (options.MaxCallsInFlight is < 1 or > 1_000_000)
        {
            errors.Add($"{key}:MaxCallsInFlight: must be from 1 to 1000000.");
        }

        if (options.Anonymous is null)
        {
            errors.Add($"{key}:Anonymous: must be a section of true/false switches (Health, Reflection, Metrics, OpenApi).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
