using TaskGateway.Contracts.V1;
using Grpc.Core;
using TaskGateway.Core.Auth;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Sources;
using TaskGateway.Watch;

namespace TaskGateway.Services;

/// <summary>
/// Reads a caller's own upstream token for sources that pass it through (Auth:PassCallerToken). Other sources
/// ignore the header: they always use the gateway's credentials. A pass-through source never falls back to the
/// gateway's credentials for a caller that sends no token (one whose own token the backend refuses would otherwise
/// read by sending none), unless its configuration asks for that explicitly (Auth:AllowGatewayTokenFallback).
/// </summary>
internal sealed class CallerTokens
{
    /// <summary>The request metadata (HTTP header) that carries a caller's upstream token.</summary>
    public const string Header = "x-upstream-token";

    private const int MaxTokenLength = 8 * 1024;
    private readonly SourceRegistry _sources;

    public CallerTokens(SourceRegistry sources) => _sources = sources;

    /// <summary>The caller's token for the source, or null when the gateway's own credentials apply.</summary>
    public string? TokenFor(string source, ServerCallContext context)
    {
        var auth = _sources.OptionsOf(source).Auth;
        if (!auth.PassCallerToken)
        {
            return null;
        }

        var token = context.RequestHeaders.GetValue(Header);
        if (string.IsNullOrEmpty(token))
        {
            return auth is { AllowGatewayTokenFallback: true, Token: not null }
                ? null
                : throw new GatewayException(StatusCode.Unauthenticated, ErrorReason.UpstreamTokenRequired,
                    $"Source '{source}' uses each caller's own upstream token: send it in the {Header} header.",
                    new Dictionary<string, string> { ["source"] = source, ["header"] = Header });
        }

        if (token.Length > MaxTokenLength || token.Any(c => c < 0x21 || c > 0x7e))
        {
            throw new RequestValidationException(Header, "must be a printable ASCII token without spaces, at most 8 KiB");
        }

        return token;
    }

    /// <summary>
    /// The poller-key part for a token: a digest, so that watchers share a poller only with callers holding
    /// the same token, and the token itself never sits in a key that may be logged.
    /// </summary>
    public static string KeyOf(string? token) => WatchSpec.CredentialOf(token);
}
