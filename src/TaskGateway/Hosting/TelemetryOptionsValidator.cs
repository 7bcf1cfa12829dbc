using Microsoft.Extensions.Options;

namespace TaskGateway.Hosting;

/// <summary>Checks TaskGateway:Telemetry at start.</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options) =>
        options.TraceSampleRatio is { } ratio && !(ratio is >= 0 and <= 1)
            ? ValidateOptionsResult.Fail($"{TelemetryOptions.SectionName}:TraceSampleRatio: '{ratio.ToString(System.Globalization.CultureInfo.InvariantCulture)}' must be a number from 0 to 1.")
            : ValidateOptionsResult.Success;
}
