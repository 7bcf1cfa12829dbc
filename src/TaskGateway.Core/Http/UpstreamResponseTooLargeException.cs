namespace TaskGateway.Core.Http;

/// <summary>
/// An upstream answer whose body exceeds the source's MaxResponseBytes. Deliberately not an HttpRequestException:
/// the resilience pipeline's retry predicate must not retry it (the same request would get the same answer), and
/// <see cref="UpstreamHttp"/> maps it to UPSTREAM_RESPONSE_TOO_LARGE rather than to an outage.
/// </summary>
public sealed class UpstreamResponseTooLargeException : Exception
{
    /// <summary>Creates the exception for a source's limit.</summary>
    public UpstreamResponseTooLargeException(long limitBytes)
        : base("The upstream response body exceeds the source's MaxResponseBytes.")
    {
        LimitBytes = limitBytes;
    }

    /// <summary>The source's MaxResponseBytes that the body exceeded.</summary>
    public long LimitBytes { get; }
}
