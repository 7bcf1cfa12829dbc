using System.Net;
using Microsoft.Extensions.Options;
using TaskGateway.Sandbox;

namespace TaskGateway.Hosting;

/// <summary>Checks TaskGateway:Sandbox, every problem at once, before the embedded sandbox starts and again at start-up.</summary>
internal sealed class SandboxOptionsValidator : IValidateOptions<SandboxOptions>
{
    private const string Key = SandboxOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        var errors = new List<string>();
        if (options.Port is < 0 or > IPEndPoint.MaxPort)
        {
            errors.Add($"{Key}:Port: must be from 0 to {IPEndPoint.MaxPort}.");
        }

        if (options.Latency < TimeSpan.Zero)
        {
            errors.Add($"{Key}:Latency: must not be negative.");
        }

        if (options.ErrorRate is < 0 or > 1 || double.IsNaN(options.ErrorRate))
        {
            errors.Add($"{Key}:ErrorRate: must be a number from 0 to 1.");
        }

        if (options.ThrottleEvery < 0 || options.ThrottleBurst < 0 || options.ThrottleRetryAfterSeconds < 0)
        {
            errors.Add($"{Key}:ThrottleEvery, ThrottleBurst, ThrottleRetryAfterSeconds: must not be negative.");
        }

        if (options.RequestLogCapacity < 1)
        {
            errors.Add($"{Key}:RequestLogCapacity: must be at least 1.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
