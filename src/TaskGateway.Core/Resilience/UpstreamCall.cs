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

    /// <summary>Makes <paramref name="call"/> current until the returned scope is disposed.</summary>
    public static IDisposable Use(UpstreamCall call)
    {
        var previous = CurrentCall.Value;
        CurrentCall.Value = call;
        return new Scope(previous);
    }

    /// <inheritdoc/>
    public override string ToString() => $"UpstreamCall {{ Purpose = {Purpose}, CallerToken = {(CallerToken is null ? "none" : "set")} }}";

    private sealed class Scope(UpstreamCall? previous) : IDisposable
    {
        public void Dispose() => CurrentCall.Value = previous;
    }
}
