using Microsoft.Extensions.Options;

namespace TaskGateway.Core.Sources;

/// <summary>
/// Checks the page token settings at start-up beside GatewayOptionsValidator (which checks PageTokenKey itself),
/// reporting every problem at once and never echoing a key.
/// </summary>
public sealed class PageTokenOptionsValidator : IValidateOptions<GatewayOptions>
{
    /// <summary>The shortest maximum age: a caller must have time to ask for the next page.</summary>
    public static readonly TimeSpan MinMaxAge = TimeSpan.FromMinutes(1);

    /// <summary>The longest maximum age: a rotation waits this long before the previous key can go.</summary>
    public static readonly TimeSpan MaxMaxAge = TimeSpan.FromDays(30);

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var errors = new List<string>();
        if (options.PageTokenPreviousKey is { Length: > 0 } previous)
        {
            if (!KeyMaterial.IsBase64Key(previous))
            {
                errors.Add("TaskGateway:PageTokenPreviousKey: must be base64 of at least 32 bytes: the PageTokenKey this one replaced.");
            }

            if (options.PageTokenKey is not { Length: > 0 })
            {
                errors.Add("TaskGateway:PageTokenPreviousKey: set only during a rotation, with the new key in TaskGateway:PageTokenKey.");
            }
        }

        if (options.PageTokenMaxAge < MinMaxAge || options.PageTokenMaxAge > MaxMaxAge)
        {
            errors.Add("TaskGateway:PageTokenMaxAge: must be from 00:01:00 to 30.00:00:00 (24:00:00 by default).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
