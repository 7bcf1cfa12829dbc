using Microsoft.Extensions.Options;
using TaskGateway.Core.Names;

namespace TaskGateway.Security;

/// <summary>Reports every grant configuration error at start-up at once, naming the key.</summary>
internal sealed class CallerGrantsValidator : IValidateOptions<CallerGrantsOptions>
{
    private const string Key = CallerGrantsOptions.SectionName + ":Grants";
    private readonly IOptions<CallerOptions> _callers;

    public CallerGrantsValidator(IOptions<CallerOptions> callers) => _callers = callers;

    public ValidateOptionsResult Validate(string? name, CallerGrantsOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        var callers = CallersOrNull();
        if (callers is { AuthenticationEnabled: false })
        {
            errors.Add($"{Key}: grants name callers, but no caller authentication is configured; configure TaskGateway:Callers:ApiKeys or TaskGateway:Callers:Jwt.");
        }

        for (var i = 0; i < options.Grants.Count; i++)
        {
            ValidateEntry($"{Key}:{i}", options.Grants[i], callers, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Whether a text is an Allow entry: "*", a source alias, or a name prefix "sources/{alias}/.../".</summary>
    public static bool IsAllow(string? allow)
    {
        if (allow is null)
        {
            return false;
        }

        if (allow == "*" || ResourceNameParser.IsSourceAlias(allow))
        {
            return true;
        }

        if (!allow.StartsWith("sources/", StringComparison.Ordinal) || !allow.EndsWith('/') || allow.Length > ResourceNameParser.MaxNameLength + 1)
        {
            return false;
        }

        var segments = allow[..^1].Split('/');
        return segments.Length >= 2 && ResourceNameParser.IsSourceAlias(segments[1])
            && segments.Skip(2).All(s => s.Length is > 0 and <= ResourceNameParser.MaxIdLength && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
    }

    private static void ValidateEntry(string key, CallerGrantsEntry entry, CallerOptions? callers, List<string> errors)
    {
        var byKey = !string.IsNullOrEmpty(entry.ApiKey);
        var byClaim = !string.IsNullOrEmpty(entry.Claim) || !string.IsNullOrEmpty(entry.Value) || !string.IsNullOrEmpty(entry.Issuer);
        if (byKey == byClaim)
        {
            errors.Add($"{key}: name the callers with exactly one of ApiKey, or Claim and Value (a JWT claim).");
        }
        else if (byKey && callers is not null && !callers.ApiKeys.ContainsKey(entry.ApiKey!))
        {
            errors.Add($"{key}:ApiKey: '{entry.ApiKey}' is not a key name under TaskGateway:Callers:ApiKeys.");
        }
        else if (byClaim)
        {
            if (string.IsNullOrEmpty(entry.Claim) || string.IsNullOrEmpty(entry.Value))
            {
                errors.Add($"{key}:Claim/Value: both are required to grant JWT callers (e.g. Claim=sub, Value=the service's subject).");
            }

            if (callers is { Jwt.Enabled: false })
            {
                errors.Add($"{key}:Claim: grants JWT callers, but TaskGateway:Callers:Jwt is not configured.");
            }
        }

        if (entry.Allow.Count == 0)
        {
            errors.Add($"{key}:Allow: required; list source aliases (astra), name prefixes ending in '/' (sources/astra/accounts/6c4f0e1a/) or '*'.");
        }

        for (var j = 0; j < entry.Allow.Count; j++)
        {
            if (!IsAllow(entry.Allow[j]))
            {
                errors.Add($"{key}:Allow:{j}: '{entry.Allow[j]}' is not '*', a source alias, or a name prefix 'sources/{{alias}}/...' ending in '/' with letters, digits, '-' or '_' between the slashes.");
            }
        }
    }

    // The callers' own options are validated on their own; when they are invalid, that failure is the one reported,
    // and the checks against them are skipped here.
    private CallerOptions? CallersOrNull()
    {
        try
        {
            return _callers.Value;
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }
}
