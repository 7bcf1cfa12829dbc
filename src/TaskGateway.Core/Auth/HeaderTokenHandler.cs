namespace TaskGateway.Core.Auth;

/// <summary>
/// Adds a token header (Authorization: Bearer, or a vendor's own token header). The token is the
/// caller's own when the request carries one (pass-through sources), else the gateway's configured token.
/// </summary>
public sealed class HeaderTokenHandler : DelegatingHandler
{
    private readonly string _header;
    private readonly string _prefix;
    private readonly string? _token;

    /// <summary>Creates the handler; <paramref name="token"/> may be null only on pass-through sources.</summary>
    public HeaderTokenHandler(string header, string prefix, string? token)
    {
        _header = header;
        _prefix = prefix;
        _token = token;
    }

    /// <summary>Authorization: Bearer token.</summary>
    public static HeaderTokenHandler Bearer(string? token) => new("Authorization", "Bearer ", token);

    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = request.Options.TryGetValue(UpstreamRequestOptions.CallerToken, out var caller) ? caller : _token;

        // The service refuses calls that need a caller token and have none, so this is a wiring fault, not input.
        _ = token ?? throw new InvalidOperationException("No upstream token for this request.");
        request.Headers.Remove(_header);
        request.Headers.TryAddWithoutValidation(_header, _prefix + token);
        return base.SendAsync(request, cancellationToken);
    }
}
