namespace TaskGateway.Core.Resilience;

/// <summary>
/// What one upstream call is made for: the purpose (which resilience pipeline) and, on sources that pass callers'
/// own tokens through, that token. Passed as a value through every backend method down to
/// <see cref="Http.UpstreamHttp"/>, which turns it into request options, all the handlers read.
/// </summary>
public sealed record UpstreamCall(UpstreamPurpose Purpose, string? CallerToken)
{
    /// <summary>A caller's request with the gateway's own credentials.</summary>
    public static UpstreamCall Request { get; } = new(UpstreamPurpose.Request, null);

    /// <summary>A watch poll with the gateway's own credentials.</summary>
    public static UpstreamCall Watch { get; } = new(UpstreamPurpose.Watch, null);

    /// <summary>The call for a purpose and an optional caller token; calls without a token are shared instances, so the common case allocates nothing.</summary>
    public static UpstreamCall For(UpstreamPurpose purpose, string? callerToken) => callerToken is not null
        ? new UpstreamCall(purpose, callerToken)
        : purpose == UpstreamPurpose.Watch ? Watch : Request;

    /// <inheritdoc/>
    public override string ToString() => $"UpstreamCall {{ Purpose = {Purpose}, CallerToken = {(CallerToken is null ? "none" : "set")} }}";
}
