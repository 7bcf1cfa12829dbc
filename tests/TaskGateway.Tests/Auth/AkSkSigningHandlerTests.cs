using Microsoft.Extensions.Time.Testing;
using TaskGateway.Backends.Huawei;
using TaskGateway.Core.Auth;

namespace TaskGateway.Tests.Auth;

public class AkSkSigningHandlerTests
{
    private sealed class Capture : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }

    private static async Task<HttpRequestMessage> SendAsync(AkSkSigningHandler handler, Capture capture, string url, string? project)
    {
        handler.InnerHandler = capture;
        using var invoker = new HttpMessageInvoker(handler);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("TEST_UNDERSCORE", "ignored");
        if (project is not null)
        {
            request.Options.Set(UpstreamRequestOptions.ProjectId, project);
        }

        (await invoker.SendAsync(request, CancellationToken.None)).Dispose();
        return capture.Request!;
    }

    [Fact]
    public async Task SendAsync_AkSk_SignsHostDateAndProjectWithVerifiableSignature()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2006, 1, 2, 15, 4, 5, TimeSpan.Zero));
        var capture = new Capture();

        var request = await SendAsync(new AkSkSigningHandler("AK", "SK", null, null, null, time), capture, "https://example.huaweicloud.com:8443/v1/p/x?b=2&a=1", "p");

        Assert.Equal("20060102T150405Z", request.Headers.GetValues("X-Sdk-Date").Single());
        Assert.Equal("p", request.Headers.GetValues("X-Project-Id").Single());
        var canonical = HuaweiSigner.CanonicalRequest("GET", "/v1/p/x", "b=2&a=1",
            [new("host", "example.huaweicloud.com:8443"), new("x-project-id", "p"), new("x-sdk-date", "20060102T150405Z")], HuaweiSigner.EmptyBodyHash);
        Assert.Equal(
            $"SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-project-id;x-sdk-date, Signature={HuaweiSigner.Sign(canonical, "20060102T150405Z", "SK")}",
            request.Headers.GetValues("Authorization").Single());
    }

    [Fact]
    public async Task SendAsync_Derived_UsesV11CredentialScope()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2006, 1, 2, 15, 4, 5, TimeSpan.Zero));

        var request = await SendAsync(new AkSkSigningHandler("AK", "SK", null, "cn-north-4", "iotdm", time), new Capture(), "https://iotda.example.com/v5/iot/p/export-tasks", null);

        Assert.StartsWith("V11-HMAC-SHA256 Credential=AK/20060102/cn-north-4/iotdm, SignedHeaders=host;x-sdk-date, Signature=", request.Headers.GetValues("Authorization").Single());
    }

    [Fact]
    public async Task SendAsync_SentTwice_ResignsWithNewDate()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2006, 1, 2, 15, 4, 5, TimeSpan.Zero));
        var handler = new AkSkSigningHandler("AK", "SK", null, null, null, time) { InnerHandler = new Capture() };
        using var invoker = new HttpMessageInvoker(handler);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://example.com/a");
        (await invoker.SendAsync(request, CancellationToken.None)).Dispose();
        var first = request.Headers.GetValues("Authorization").Single();

        time.Advance(TimeSpan.FromSeconds(3));
        (await invoker.SendAsync(request, CancellationToken.None)).Dispose();

        Assert.Equal("20060102T150408Z", request.Headers.GetValues("X-Sdk-Date").Single());
        Assert.NotEqual(first, request.Headers.GetValues("Authorization").Single());
    }

    [Fact]
    public async Task SendAsync_RetryCarryingTransportHeaders_OnlyGatewayHeadersSigned()
    {
        // A retried request still holds what lower handlers added on the previous attempt: Accept-Encoding (three
        // values, written "gzip, deflate, br") and traceparent (new on each attempt). Signing either broke every
        // AK/SK retry; the soak found it.
        var time = new FakeTimeProvider(new DateTimeOffset(2006, 1, 2, 15, 4, 5, TimeSpan.Zero));
        var capture = new Capture();
        var handler = new AkSkSigningHandler("AK", "SK", null, null, null, time) { InnerHandler = capture };
        using var invoker = new HttpMessageInvoker(handler);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://example.huaweicloud.com/v1/p/x");
        request.Headers.TryAddWithoutValidation("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        request.Headers.TryAddWithoutValidation("tracestate", "a=b");
        request.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br");
        request.Headers.Accept.ParseAdd("application/json");

        (await invoker.SendAsync(request, CancellationToken.None)).Dispose();

        Assert.Contains("SignedHeaders=accept;host;x-sdk-date,", capture.Request!.Headers.GetValues("Authorization").Single(), StringComparison.Ordinal);
    }
}
