using TaskGateway.Core.Sources;

namespace TaskGateway.Core.Auth;

/// <summary>
/// One way a source authenticates to its backend (TaskGateway:Sources:{alias}:Auth:Scheme): its option rules and
/// the handler that signs or decorates each attempt. Bearer is generic; vendor schemes (Huawei's Token and AK/SK)
/// live with their vendor's backends, and each backend kind lists the schemes it accepts.
/// </summary>
public sealed record AuthScheme(string Name, Action<string, SourceOptions, List<string>> Validate, Func<SourceOptions, TimeProvider, DelegatingHandler> CreateHandler)
{
    /// <summary>Authorization: Bearer token; the token may be the caller's own on pass-through sources.</summary>
    public static AuthScheme Bearer { get; } = new("Bearer", RequireToken, (source, _) => HeaderTokenHandler.Bearer(source.Auth.Token));

    /// <summary>Checks Auth:Token, which a pass-through source may leave out (callers then bring theirs).</summary>
    public static void RequireToken(string key, SourceOptions source, List<string> errors)
    {
        if (!source.Auth.PassCallerToken || source.Auth.Token is not null)
        {
            Require(source.Auth.Token, $"{key}:Auth:Token", errors);
        }
    }

    /// <summary>Adds an error when a required secret or setting is missing or holds a control character (never showing it).</summary>
    public static void Require(string? value, string key, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{key}: required for this auth scheme; set it in configuration or the environment (e.g. {key.Replace(":", "__", StringComparison.Ordinal)}).");
        }
        else if (value.Any(char.IsControl))
        {
            errors.Add($"{key}: contains a control character (the value is not shown).");
        }
    }
}
