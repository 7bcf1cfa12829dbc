using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using TaskGateway.Events.Webhooks;

namespace TaskGateway.Tests.Events.Webhooks;

public class DeliveryClassifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(200, "Delivered", "")]
    [InlineData(202, "Delivered", "")]
    [InlineData(204, "Delivered", "")]
    [InlineData(299, "Delivered", "")]
    [InlineData(410, "Gone", "the sink answered 410 Gone")]
    [InlineData(429, "Failed", "the sink answered 429 Too Many Requests")]
    [InlineData(503, "Failed", "the sink answered 503 Service Unavailable")]
    [InlineData(500, "Failed", "the sink answered 500 Internal Server Error")]
    [InlineData(404, "Failed", "the sink answered 404 Not Found")]
    [InlineData(400, "Failed", "the sink answered 400 Bad Request")]
    [InlineData(100, "Failed", "the sink answered 100 Continue")]
    [InlineData(301, "Failed", "the sink answered 301 Moved Permanently; redirects are not followed")]
    [InlineData(302, "Failed", "the sink answered 302 Found; redirects are not followed")]
    [InlineData(307, "Failed", "the sink answered 307 Temporary Redirect; redirects are not followed")]
    [InlineData(599, "Failed", "the sink answered 599")]
    public void FromResponse_Status_KindAndError(int status, string kind, string error)
    {
        var result = DeliveryClassifier.FromResponse((HttpStatusCode)status, new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), Now);

        Assert.Equal(new DeliveryResult(Enum.Parse<DeliveryResultKind>(kind), status, error, status is 429 or 503 ? TimeSpan.FromSeconds(7) : null), result);
    }

    [Fact]
    public void RetryAfter_Delta_ThatDelay() =>
        Assert.Equal(TimeSpan.FromSeconds(120), DeliveryClassifier.RetryAfter(new RetryConditionHeaderValue(TimeSpan.FromSeconds(120)), Now));

    [Fact]
    public void RetryAfter_FutureDate_RelativeToNow() =>
        Assert.Equal(TimeSpan.FromSeconds(90), DeliveryClassifier.RetryAfter(new RetryConditionHeaderValue(Now.AddSeconds(90)), Now));

    [Fact]
    public void RetryAfter_PastDate_Zero() =>
        Assert.Equal(TimeSpan.Zero, DeliveryClassifier.RetryAfter(new RetryConditionHeaderValue(Now.AddSeconds(-90)), Now));

    [Fact]
    public void RetryAfter_Absent_Null() => Assert.Null(DeliveryClassifier.RetryAfter(null, Now));

    [Fact]
    public void RetryAfter_Unparsable_NullThroughTheHeaders()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", "soon, please");

        Assert.Null(DeliveryClassifier.FromResponse(response.StatusCode, response.Headers.RetryAfter, Now).RetryAfter);
    }

    public static TheoryData<Exception, string> Failures => new()
    {
        { new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:1)", new SocketException((int)SocketError.ConnectionRefused)), "the sink refused the connection" },
        { new HttpRequestException(HttpRequestError.ConnectionError, "x", new SinkConnectException("the sink's host does not resolve")), "the sink's host does not resolve" },
        { new HttpRequestException(HttpRequestError.ConnectionError, "x", new SocketException((int)SocketError.NetworkUnreachable)), "the connection to the sink failed (NetworkUnreachable)" },
        { new HttpRequestException(HttpRequestError.SecureConnectionError, "x", new System.Security.Authentication.AuthenticationException("cert")), "the TLS handshake with the sink failed" },
        { new HttpRequestException(HttpRequestError.ResponseEnded, "sink said: secret stuff"), "the request to the sink failed (ResponseEnded)" },
        { new InvalidOperationException("sink said: secret stuff"), "the delivery failed (InvalidOperationException)" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void FromException_Failure_StatusZeroAndOwnWords(Exception exception, string error) =>
        Assert.Equal(new DeliveryResult(DeliveryResultKind.Failed, 0, error), DeliveryClassifier.FromException(exception));

    [Fact]
    public void TimedOut_Timeout_SaysHowLong() =>
        Assert.Equal(new DeliveryResult(DeliveryResultKind.Failed, 0, "the sink did not answer within 15 s"), DeliveryClassifier.TimedOut(TimeSpan.FromSeconds(15)));
}
