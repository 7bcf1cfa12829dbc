using Microsoft.Extensions.Options;

namespace TaskGateway.WebConsole;

/// <summary>
/// Checks TaskGateway:Console at start. Its one switch is a bool, so the only problem is a value that does not
/// convert ("yes"), which the early binder reports with every other section's; this validator registers the
/// section with that report.
/// </summary>
internal sealed class ConsoleOptionsValidator : IValidateOptions<ConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsoleOptions options) => ValidateOptionsResult.Success;
}
