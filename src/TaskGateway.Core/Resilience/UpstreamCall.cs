namespace TaskGateway.Core.Resilience;

/// <summary>
/// The ambient facts of the upstream calls made on behalf of one caller or one poller: the purpose (which
/// pipeline) and, for sources that pass callers' own tokens through, that token. Ambient because the adapters
/// stay unaware of both; <see cref="Http.UpstreamHttp"/> turns them into request options, which is all the
/// handlers read.
/// </summary>
public sealed record UpstreamCall(UpstreamPurpose Purpose, string? CallerToken)
{
    private static readonly AsyncLocal<UpstreamCall?> CurrentCall = new();

    /// <summary>The call in effect; a plain request with the gateway's own credentials when none was set.</summary>
    public static UpstreamCall Current => CurrentCall.Value ?? Default;

    /// <summary>A request with the gateway's own credentials.</summary>
    public static UpstreamCall Default { get; } = new(UpstreamPurpose.Request, null);

    private static UpstreamCall WatchDefault { get; } = new(UpstreamPurpose.Watch, null);

    /// <summary>The call for a purpose and an optional caller token; calls without a token are shared instances, so the common case allocates nothing.</summary>
    public static UpstreamCall For(UpstreamPurpose purpose, string? callerToken) => callerToken is not null
        ? new UpstreamCall(purpose, callerToken)
        : purpose == UpstreamPurpose.Watch ? WatchDefault : Default;

    /// <summary>Makes <paramref name="call"/> current until the returned scope is disposed.</summary>
    public static Scope Use(UpstreamCall call)
    {
        var previous = CurrentCall.Value;
        CurrentCall.Value = call;
        return new Scope(previous);
    }

    /// <inheritdoc/>
    public override string ToString() => $"UpstreamCall {{ Purpose = {Purpose}, CallerToken = {(CallerToken is null ? "none" : "set")} }}";

    /// <summary>Restores the previous call when disposed; a struct, so a request's scope allocates nothing.</summary>
    public readonly struct Scope(UpstreamCall? previous) : IDisposable
    {
        /// <inheritdoc/>
        public void Dispose() => CurrentCall.Value = previous;
    }
}
