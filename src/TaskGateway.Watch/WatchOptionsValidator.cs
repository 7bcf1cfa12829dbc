using Microsoft.Extensions.Options;

namespace TaskGateway.Watch;

/// <summary>Checks TaskGateway:Watch at start-up, every problem at once.</summary>
public sealed class WatchOptionsValidator : IValidateOptions<WatchOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, WatchOptions options)
    {
        var errors = new List<string>();
        var key = WatchOptions.SectionName;
        if (options.HeartbeatInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{key}:HeartbeatInterval: must be at least 00:00:01.");
        }

        if (options.MaxStreamDuration < TimeSpan.FromSeconds(10))
        {
            errors.Add($"{key}:MaxStreamDuration: must be at least 00:00:10.");
        }

        if (options.PollerIdleTimeout < TimeSpan.Zero)
        {
            errors.Add($"{key}:PollerIdleTimeout: must not be negative.");
        }

        if (options.NotFoundTolerance is < 0 or > 100)
        {
            errors.Add($"{key}:NotFoundTolerance: must be from 0 to 100.");
        }

        if (options.ErrorBudget is < 1 or > 100)
        {
            errors.Add($"{key}:ErrorBudget: must be from 1 to 100.");
        }

        if (options.ThrottleDelay <= TimeSpan.Zero)
        {
            errors.Add($"{key}:ThrottleDelay: must be positive.");
        }

        if (options.MaxCollectionPages is < 1 or > 100)
        {
            errors.Add($"{key}:MaxCollectionPages: must be from 1 to 100.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
