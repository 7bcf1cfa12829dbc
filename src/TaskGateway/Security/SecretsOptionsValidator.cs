using Microsoft.Extensions.Options;

namespace TaskGateway.Security;

/// <summary>Checks TaskGateway:SecretsDirectory at start.</summary>
internal sealed class SecretsOptionsValidator : IValidateOptions<SecretsOptions>
{
    public ValidateOptionsResult Validate(string? name, SecretsOptions options) =>
        options.SecretsDirectory is { } directory && directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0
            ? ValidateOptionsResult.Fail($"{SecretsOptions.SectionName}:SecretsDirectory: '{directory}' is not a directory path.")
            : ValidateOptionsResult.Success;
}
