namespace TaskGateway.Core.Resilience;

/// <summary>
/// What one upstream call is made for: the purpose (which resilience pipeline) and, on sources that pass callers'
/// own tokens through, that token. Passed as a value through every backend method down to
/// <see cref="Http.UpstreamHttp"/>, which turns it into request options, all the handlers read.
/// </summary>
public sealed record UpstreamCall(UpstreamPurpose Purpose, string? CallerToken)
{
    /// <summary>
    /// What each list page a GetTask scan reads beyond its first is charged to (the caller who asked); null for calls
    /// that are not a caller's GetTask (watch polls, ListTasks), whose pages are not charged.
    /// </summary>
    public IScanPageCharge? ScanPages { get; init; }

    /// <summary>The caller token's digest (<see cref="Auth.CredentialScope.Of"/>), computed once; null with the gateway's own credentials.</summary>
    public string? CredentialScope { get; } = CallerToken is null ? null : Auth.CredentialScope.Of(CallerToken);

    /// <summary>A caller's request with the gateway's own credentials.</summary>
    public static UpstreamCall Request { get; } = new(UpstreamPurpose.Request, null);

    /// <summary>A watch poll with the gateway's own credentials.</summary>
    public static UpstreamCall Watch { get; } = new(UpstreamPurpose.Watch, null);

    /// <summary>The call for a purpose and an optional caller token; calls without a token are shared instances, so the common case allocates nothing.</summary>
    public static UpstreamCall For(UpstreamPurpose purpose, string? callerToken) => callerToken is not null
        ? new UpstreamCall(purpose, callerToken)
        : purpose == UpstreamPurpose.Watch ? Watch : Request;

    /// <inheritdoc/>
    public override string ToString() => $"UpstreamCall {{ Purpose = {Purpose}, CallerToken = {(CallerToken is null ? "none" : "set")}, ScanPages = {(ScanPages is null ? "not charged" : "charged")} }}";
}
