using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;
using TaskGateway.Core.Errors;

namespace TaskGateway.Core.Http;

/// <summary>
/// What a failure to send an upstream request (no response at all) means to a caller: the library's and the
/// resilience pipeline's exceptions, each as the <see cref="UpstreamException"/> of its <see cref="UpstreamFailure"/>.
/// </summary>
internal static class UpstreamSendFailure
{
    /// <summary>
    /// Whether <paramref name="e"/> is a send failure to map; the caller's own cancellation is not one (it propagates
    /// as it is).
    /// </summary>
    public static bool IsMapped(Exception e, CancellationToken cancellationToken) =>
        !(e is OperationCanceledException && cancellationToken.IsCancellationRequested)
        && e is UpstreamResponseTooLargeException or TimeoutRejectedException or TaskCanceledException or TimeoutException
            or HttpRequestException or BrokenCircuitException or RateLimiterRejectedException;

    /// <summary>The UpstreamException of an exception <see cref="IsMapped"/> accepted.</summary>
    public static UpstreamException Map(Exception e, string alias) => e switch
    {
        UpstreamResponseTooLargeException tooLarge =>
            new UpstreamException(UpstreamFailure.ResponseTooLarge, alias, "response too large", inner: e) { ResponseLimitBytes = tooLarge.LimitBytes },
        TimeoutRejectedException or TaskCanceledException or TimeoutException =>
            new UpstreamException(UpstreamFailure.Timeout, alias, "timeout", inner: e),
        HttpRequestException => new UpstreamException(UpstreamFailure.Transport, alias, "transport", inner: e),
        BrokenCircuitException broken =>
            new UpstreamException(UpstreamFailure.CircuitOpen, alias, "circuit open", retryAfter: broken.RetryAfter, inner: e),
        RateLimiterRejectedException limited =>
            new UpstreamException(UpstreamFailure.ConcurrencyLimit, alias, "concurrency limit", retryAfter: limited.RetryAfter, inner: e),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "Not a send failure."),
    };
}
