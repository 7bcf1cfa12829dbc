using System.Net;
using Microsoft.Extensions.Options;
using TaskGateway.Core.Names;

namespace TaskGateway.Core.Sources;

/// <summary>
/// Checks the whole configuration at start-up and reports every problem at once, naming the configuration
/// key and what to put there. Never echoes a credential.
/// </summary>
public sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    private readonly BackendKinds _kinds;

    /// <summary>Creates the validator for the registered backend kinds.</summary>
    public GatewayOptionsValidator(BackendKinds kinds) => _kinds = kinds;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var errors = new List<string>();
        if (options.Sources.Count == 0)
        {
            errors.Add("TaskGateway:Sources: no source is configured; add TaskGateway:Sources:{alias}:Kind, Endpoint and Auth. " +
                "The embedded sandbox's demo data stands in for sources only in the Development environment or with TaskGateway:Sandbox:Enabled=true.");
        }

        foreach (var (alias, source) in options.Sources.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            ValidateSource(alias, source, errors);
        }

        if (options.PageTokenKey is { Length: > 0 } key && !KeyMaterial.IsBase64Key(key))
        {
            errors.Add("TaskGateway:PageTokenKey: must be base64 of at least 32 bytes, e.g. the output of 'openssl rand -base64 32'.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private void ValidateSource(string alias, SourceOptions source, List<string> errors)
    {
        var key = $"TaskGateway:Sources:{alias}";
        if (!ResourceNameParser.IsSourceAlias(alias))
        {
            errors.Add($"{key}: the alias must be 1 to 63 lower-case letters, digits or '-', starting with a letter (it becomes part of resource names).");
        }

        BackendKind? kind = null;
        if (string.IsNullOrWhiteSpace(source.Kind))
        {
            errors.Add($"{key}:Kind: required; one of {string.Join(", ", _kinds.Names)}.");
        }
        else if (!_kinds.TryGet(source.Kind, out kind))
        {
            errors.Add($"{key}:Kind: '{source.Kind}' is not a kind; use one of {string.Join(", ", _kinds.Names)}.");
        }

        ValidateEndpoint(key, source.Endpoint, errors);
        ValidateAuth(key, kind, source, errors);
        kind?.ValidateOptions?.Invoke(key, source, errors);

        if (source.AttemptTimeout <= TimeSpan.Zero || source.TotalTimeout < source.AttemptTimeout)
        {
            errors.Add($"{key}:AttemptTimeout/TotalTimeout: both must be positive and TotalTimeout at least AttemptTimeout.");
        }

        if (source.MaxResponseBytes is < 1024 or > 256 * 1024 * 1024)
        {
            errors.Add($"{key}:MaxResponseBytes: must be from 1024 (1 KiB) to 268435456 (256 MiB).");
        }

        if (source.MaxRetries is < 0 or > 5 || source.RetryDelay < TimeSpan.Zero)
        {
            errors.Add($"{key}:MaxRetries/RetryDelay: MaxRetries must be from 0 to 5 and RetryDelay not negative.");
        }

        if (source.MinPollInterval < TimeSpan.FromMilliseconds(100) || source.MaxPollInterval < source.MinPollInterval)
        {
            errors.Add($"{key}:MinPollInterval/MaxPollInterval: MinPollInterval must be at least 00:00:00.1 and MaxPollInterval at least MinPollInterval.");
        }

        if (source.Freshness < TimeSpan.Zero || source.Freshness > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{key}:Freshness: must be from 00:00:00 (off) to 00:05:00.");
        }

        if (source.MaxScanPages is < 1 or > 1000)
        {
            errors.Add($"{key}:MaxScanPages: must be from 1 to 1000.");
        }

        ValidateResilience(key, source, errors);
    }

    private static void ValidateResilience(string key, SourceOptions source, List<string> errors)
    {
        if (source.RetryBudgetRatio is < 0 or > 1 || double.IsNaN(source.RetryBudgetRatio) || source.RetryBudgetMinRetries is < 0 or > 1000)
        {
            errors.Add($"{key}:RetryBudgetRatio/RetryBudgetMinRetries: the ratio must be from 0 to 1 and the minimum from 0 to 1000.");
        }

        if (source.MaxConcurrentRequests is < 1 or > 10_000 || source.MaxConcurrentPolls is < 1 or > 10_000)
        {
            errors.Add($"{key}:MaxConcurrentRequests/MaxConcurrentPolls: must be from 1 to 10000.");
        }

        if (source.CircuitBreakerFailureRatio is <= 0 or > 1 || double.IsNaN(source.CircuitBreakerFailureRatio)
            || source.CircuitBreakerMinimumThroughput < 2
            || source.CircuitBreakerBreakDuration < TimeSpan.FromMilliseconds(500) || source.CircuitBreakerBreakDuration > TimeSpan.FromDays(1))
        {
            errors.Add($"{key}:CircuitBreaker*: FailureRatio must be above 0 and at most 1, MinimumThroughput at least 2, BreakDuration from 00:00:00.5 to 1.00:00:00.");
        }

        if (source.CallerPipelineBuckets is < 1 or > Auth.CredentialScope.MaxBuckets)
        {
            errors.Add($"{key}:CallerPipelineBuckets: must be from 1 to {Auth.CredentialScope.MaxBuckets}.");
        }
    }

    private static void ValidateEndpoint(string key, string? endpoint, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            errors.Add($"{key}:Endpoint: required; the backend's base URL, e.g. https://api.example.com.");
            return;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"{key}:Endpoint: '{endpoint}' is not an absolute http(s) URL.");
            return;
        }

        if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            errors.Add($"{key}:Endpoint: must not carry user info, a query or a fragment; put credentials under Auth.");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
        {
            errors.Add($"{key}:Endpoint: plain http is only allowed to loopback hosts; use https for '{uri.Host}'.");
        }
    }

    private void ValidateAuth(string key, BackendKind? kind, SourceOptions source, List<string> errors)
    {
        // The schemes of the source's kind; of every kind when the kind is unknown (that error is reported apart).
        var schemes = kind?.AuthSchemes ?? [.. _kinds.All.SelectMany(k => k.AuthSchemes).DistinctBy(a => a.Name)];
        var names = string.Join(", ", schemes.Select(a => a.Name));
        var scheme = source.Auth.Scheme;
        if (string.IsNullOrWhiteSpace(scheme))
        {
            errors.Add($"{key}:Auth:Scheme: required; one of {names}.");
            return;
        }

        if (schemes.FirstOrDefault(a => a.Name == scheme) is not { } known)
        {
            errors.Add($"{key}:Auth:Scheme: '{scheme}' is not a scheme of {(kind is null ? "any kind" : kind.Name + " sources")}; use one of {names}.");
            return;
        }

        known.Validate(key, source, errors);
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
