using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;

namespace TaskGateway.Events.Webhooks;

/// <summary>
/// What an attempt came to, from the sink's status or from what went wrong. Errors are the gateway's own short
/// words: the sink's body and reason phrase are the sink's to choose, and never become the recorded error.
/// </summary>
internal static class DeliveryClassifier
{
    /// <summary>2xx delivered; 410 gone; 429 and 503 failed with their Retry-After; every other status failed, 3xx saying redirects are not followed.</summary>
    public static DeliveryResult FromResponse(HttpStatusCode statusCode, RetryConditionHeaderValue? retryAfter, DateTimeOffset now)
    {
        var status = (int)statusCode;
        var answered = $"the sink answered {status} {ReasonPhrase(statusCode)}".TrimEnd();
        return status switch
        {
            >= 200 and <= 299 => new DeliveryResult(DeliveryResultKind.Delivered, status, string.Empty),
            410 => new DeliveryResult(DeliveryResultKind.Gone, status, answered),
            429 or 503 => new DeliveryResult(DeliveryResultKind.Failed, status, answered, RetryAfter(retryAfter, now)),
            >= 300 and <= 399 => new DeliveryResult(DeliveryResultKind.Failed, status, answered + "; redirects are not followed"),
            _ => new DeliveryResult(DeliveryResultKind.Failed, status, answered),
        };
    }

    /// <summary>A failure before any status came: HTTP status 0 and what failed, in a few words.</summary>
    public static DeliveryResult FromException(Exception exception) => new(DeliveryResultKind.Failed, 0, Describe(exception));

    /// <summary>The attempt ran out of time.</summary>
    public static DeliveryResult TimedOut(TimeSpan timeout) =>
        new(DeliveryResultKind.Failed, 0, $"the sink did not answer within {timeout.TotalSeconds:0.###} s");

    /// <summary>The Retry-After delay from now: delta-seconds, or an HTTP date (past dates are zero); null when absent.</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    private static string Describe(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case SinkConnectException refused:
                    return refused.Message;
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return "the sink refused the connection";
                case SocketException socket:
                    return $"the connection to the sink failed ({socket.SocketErrorCode})";
                case AuthenticationException:
                    return "the TLS handshake with the sink failed";
            }
        }

        return exception is HttpRequestException http
            ? $"the request to the sink failed ({http.HttpRequestError})"
            : $"the delivery failed ({exception.GetType().Name})";
    }

    // The standard phrase of a status (System.Net.Http's table, as HttpResponseMessage reports it when none was sent),
    // never the sink's own reason phrase: what a sink writes does not reach the gateway's records.
    private static string ReasonPhrase(HttpStatusCode statusCode)
    {
        using var standard = new HttpResponseMessage(statusCode);
        return standard.ReasonPhrase ?? string.Empty;
    }
}
