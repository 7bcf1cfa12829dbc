namespace TaskGateway.Core.Auth;

/// <summary>Adds a fixed credential header: X-Auth-Token for Huawei IAM tokens, Authorization: Bearer for Astra.</summary>
public sealed class HeaderTokenHandler : DelegatingHandler
{
    private readonly string _header;
    private readonly string _value;

    /// <summary>Creates the handler.</summary>
    public HeaderTokenHandler(string header, string value)
    {
        _header = header;
        _value = value;
    }

    /// <summary>X-Auth-Token: token.</summary>
    public static HeaderTokenHandler HuaweiToken(string token) => new("X-Auth-Token", token);

    /// <summary>Authorization: Bearer token.</summary>
    public static HeaderTokenHandler Bearer(string token) => new("Authorization", "Bearer " + token);

    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(_header);
        request.Headers.TryAddWithoutValidation(_header, _value);
        return base.SendAsync(request, cancellationToken);
    }
}
