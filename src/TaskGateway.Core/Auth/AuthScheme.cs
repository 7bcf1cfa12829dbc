using TaskGateway.Core.Sources;

namespace TaskGateway.Core.Auth;

/// <summary>
/// One way a source authenticates to its backend (TaskGateway:Sources:{alias}:Auth:Scheme): its option rules and
/// the handler that signs or decorates each attempt. Bearer is generic; vendor schemes
/// live with their vendor's backends, and each backend kind lists the schemes it accepts.
/// </summary>
public sealed record AuthScheme(string Name, Action<string, SourceOptions, List<string>> Validate, Func<SourceOptions, TimeProvider, DelegatingHandler> CreateHandler)
{
    /// <summary>Authorization: Bearer token; the token may be the caller's own on pass-through sources.</summary>
    public static AuthScheme Bearer { get; } = new("Bearer", RequireToken, (source, _) => HeaderTokenHandler.Bearer(GatewayTokenOf(source)));

    /// <summary>
    /// Checks Auth:Token. A pass-through source leaves it out (callers bring theirs): one that sets it too is refused
    /// unless Auth:AllowGatewayTokenFallback asks for the fallback, since the fallback lets a caller whose own token
    /// the backend refuses read with the gateway's by sending none.
    /// </summary>
    public static void RequireToken(string key, SourceOptions source, List<string> errors)
    {
        var auth = source.Auth;
        if (!auth.PassCallerToken)
        {
            Require(auth.Token, $"{key}:Auth:Token", errors);
            if (auth.AllowGatewayTokenFallback)
            {
                errors.Add($"{key}:Auth:AllowGatewayTokenFallback: has no effect without {key}:Auth:PassCallerToken=true; remove it.");
            }

            return;
        }

        if (auth.Token is null)
        {
            if (auth.AllowGatewayTokenFallback)
            {
                errors.Add($"{key}:Auth:AllowGatewayTokenFallback: there is no {key}:Auth:Token to fall back to; remove the setting or set the token.");
            }

            return;
        }

        if (!auth.AllowGatewayTokenFallback)
        {
            errors.Add($"{key}:Auth:Token: a source with {key}:Auth:PassCallerToken=true reads with each caller's own token only; " +
                $"remove {key}:Auth:Token, or (to let callers without a token read with the gateway's) set {key}:Auth:AllowGatewayTokenFallback=true.");
            return;
        }

        Require(auth.Token, $"{key}:Auth:Token", errors);
    }

    /// <summary>
    /// The token the gateway sends when a request carries no caller token: the configured one, except on a
    /// pass-through source without the explicit fallback, which has none (so no path can send the gateway's).
    /// </summary>
    public static string? GatewayTokenOf(SourceOptions source) =>
        source.Auth.PassCallerToken && !source.Auth.AllowGatewayTokenFallback ? null : source.Auth.Token;

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
