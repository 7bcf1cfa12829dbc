using System.Globalization;
using Microsoft.Extensions.Options;

namespace TaskGateway.Events;

/// <summary>Checks TaskGateway:Events at start, reporting every problem at once; the PostgreSQL connection string is never echoed.</summary>
internal sealed class EventsOptionsValidator : IValidateOptions<EventsOptions>
{
    /// <summary>The longest retry schedule accepted: Standard Webhooks' has 7 delays, and each retry holds an event back.</summary>
    public const int MaxRetryDelays = 20;

    private const string Key = EventsOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, EventsOptions options)
    {
        var errors = new List<string>();
        Positive(errors, "DeliveryTimeout", options.DeliveryTimeout);
        Positive(errors, "LeaseDuration", options.LeaseDuration);
        Positive(errors, "DispatchInterval", options.DispatchInterval);
        Positive(errors, "RefreshInterval", options.RefreshInterval);
        Positive(errors, "MaxRetryAfter", options.MaxRetryAfter);
        if (options.LeaseDuration <= options.DeliveryTimeout)
        {
            // A lease that ends while its attempt may still run lets another replica send the same event at once.
            errors.Add($"{Key}:LeaseDuration: must be longer than DeliveryTimeout ({Format(options.DeliveryTimeout)}), so that a peer never takes over an attempt still running.");
        }

        CheckRetryDelays(errors, options.RetryDelays);
        AtLeastOne(errors, "MaxSubscriptionsPerCaller", options.MaxSubscriptionsPerCaller);
        AtLeastOne(errors, "MaxConcurrentDeliveries", options.MaxConcurrentDeliveries);
        if (options.MaxConcurrentDeliveriesPerCaller is { } perCaller && (perCaller < 1 || perCaller > options.MaxConcurrentDeliveries))
        {
            errors.Add($"{Key}:MaxConcurrentDeliveriesPerCaller: '{perCaller.ToString(CultureInfo.InvariantCulture)}' must be at least 1 and at most " +
                $"MaxConcurrentDeliveries ({options.MaxConcurrentDeliveries.ToString(CultureInfo.InvariantCulture)}).");
        }

        CheckSinkHosts(errors, options.AllowedSinkHosts);
        if (string.IsNullOrWhiteSpace(options.SqlitePath))
        {
            errors.Add($"{Key}:SqlitePath: must name the SQLite file (default data/events.db, beside the app).");
        }

        if (options.PostgreSql is { } connection && string.IsNullOrWhiteSpace(connection))
        {
            errors.Add($"{Key}:PostgreSql: is set but empty; remove it to use SQLite, or give a PostgreSQL connection string.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{Key}:{setting}: '{Format(value)}' must be a positive duration.");
        }
    }

    private static void AtLeastOne(List<string> errors, string setting, int value)
    {
        if (value < 1)
        {
            errors.Add($"{Key}:{setting}: '{value.ToString(CultureInfo.InvariantCulture)}' must be at least 1.");
        }
    }

    private static void CheckRetryDelays(List<string> errors, List<TimeSpan>? delays)
    {
        if (delays is null)
        {
            return;
        }

        if (delays.Count > MaxRetryDelays)
        {
            errors.Add($"{Key}:RetryDelays: has {delays.Count} delays; at most {MaxRetryDelays} are allowed.");
        }

        for (var i = 0; i < delays.Count; i++)
        {
            if (delays[i] < TimeSpan.Zero)
            {
                errors.Add($"{Key}:RetryDelays:{i}: '{Format(delays[i])}' must not be negative.");
            }
        }
    }

    private static void CheckSinkHosts(List<string> errors, List<string> hosts)
    {
        for (var i = 0; i < hosts.Count; i++)
        {
            // Exact host names or IP literals only: a pattern or a URL here would allow more, or less, than it seems to.
            var host = hosts[i] ?? string.Empty;
            var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
            if (host.Trim().Length != host.Length || Uri.CheckHostName(literal) == UriHostNameType.Unknown)
            {
                errors.Add($"{Key}:AllowedSinkHosts:{i}: '{host}' is not a host name or an IP address (no scheme, port, path or wildcard).");
            }
        }
    }

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
