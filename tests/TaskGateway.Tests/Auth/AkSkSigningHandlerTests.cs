using Microsoft.Extensions.Time.Testing;
using TaskGateway.Backends.Huawei;
using TaskGateway.Core.Auth;
using TaskGateway.Sandbox.Middleware;

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

    // The huaweicloud-sdk-python-v3 signer tests (huaweicloud-sdk-core/tests/test_signer.py): AK "AccessKey", SK
    // "SecretKey", X-Sdk-Date 20200608T023900Z, https://service.endpoint.myhuaweicloud.com/resources?size=1. The
    // expected headers are the SDK's literals, so the handler is checked against an implementation it shares no
    // code with, over the whole request it builds (host, date, path, query, body).
    private static readonly DateTimeOffset PythonSdkDate = new(2020, 6, 8, 2, 39, 0, TimeSpan.Zero);
    private const string PythonSdkUrl = "https://service.endpoint.myhuaweicloud.com/resources?size=1";

    [Fact]
    public async Task SendAsync_PythonSdkGetVector_AuthorizationIsThePublishedLiteral()
    {
        var request = await SendAsync(new AkSkSigningHandler("AccessKey", "SecretKey", null, null, null, new FakeTimeProvider(PythonSdkDate)), new Capture(), PythonSdkUrl, null);

        Assert.Equal("20200608T023900Z", request.Headers.GetValues("X-Sdk-Date").Single());
        Assert.Equal(
            "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842",
            request.Headers.GetValues("Authorization").Single());
    }

    [Fact]
    public async Task SendAsync_PythonSdkPostVector_BodyHashedIntoThePublishedLiteral()
    {
        var capture = new Capture();
        var handler = new AkSkSigningHandler("AccessKey", "SecretKey", null, null, null, new FakeTimeProvider(PythonSdkDate)) { InnerHandler = capture };
        using var invoker = new HttpMessageInvoker(handler);
        using var request = new HttpRequestMessage(HttpMethod.Post, PythonSdkUrl) { Content = new StringContent("{\"name\":\"test\",\"id\":1}") };

        (await invoker.SendAsync(request, CancellationToken.None)).Dispose();

        Assert.Equal(
            "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f",
            capture.Request!.Headers.GetValues("Authorization").Single());
    }

    [Fact]
    public async Task SendAsync_PythonSdkDerivedVector_AuthorizationIsThePublishedLiteral()
    {
        var request = await SendAsync(new AkSkSigningHandler("AccessKey", "SecretKey", null, "test-region-1", "demo", new FakeTimeProvider(PythonSdkDate)), new Capture(), PythonSdkUrl, null);

        Assert.Equal(
            "V11-HMAC-SHA256 Credential=AccessKey/20200608/test-region-1/demo, SignedHeaders=host;x-sdk-date, Signature=f7dfee056692e58dede80fc80cb89bbfabf45552dd7cd8d18a0a13484455b98e",
            request.Headers.GetValues("Authorization").Single());
    }

    [Fact]
    public async Task SendAsync_AkSk_SignsHostDateAndProjectWithVerifiableSignature()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2006, 1, 2, 15, 4, 5, TimeSpan.Zero));
        var capture = new Capture();

        var request = await SendAsync(new AkSkSigningHandler("AK", "SK", null, null, null, time), capture, "https://example.huaweicloud.com:8443/v1/p/x?b=2&a=1", "p");

        Assert.Equal("20060102T150405Z", request.Headers.GetValues("X-Sdk-Date").Single());
        Assert.Equal("p", request.Headers.GetValues("X-Project-Id").Single());
        var authorization = request.Headers.GetValues("Authorization").Single();
        Assert.StartsWith("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-project-id;x-sdk-date, Signature=", authorization, StringComparison.Ordinal);
        Assert.Equal(SignatureCheck.Valid, VerifyWithSandbox(request, "AK", "SK"));
    }

    [Fact]
    public async Task SendAsync_SecurityTokenConfigured_SendsAndSignsXSecurityToken()
    {
        // Temporary credentials: the SDKs add X-Security-Token before signing, so it is among the signed headers.
        var request = await SendAsync(new AkSkSigningHandler("AK", "SK", "temporary-token", null, null, new FakeTimeProvider(PythonSdkDate)), new Capture(), PythonSdkUrl, null);

        Assert.Equal("temporary-token", request.Headers.GetValues("X-Security-Token").Single());
        Assert.StartsWith("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date;x-security-token, Signature=",
            request.Headers.GetValues("Authorization").Single(), StringComparison.Ordinal);
        Assert.Equal(SignatureCheck.Valid, VerifyWithSandbox(request, "AK", "SK"));
    }

    [Fact]
    public async Task SendAsync_DerivedWithSecurityToken_SendsAndSignsXSecurityToken()
    {
        var request = await SendAsync(new AkSkSigningHandler("AK", "SK", "temporary-token", "test-region-1", "demo", new FakeTimeProvider(PythonSdkDate)), new Capture(), PythonSdkUrl, null);

        Assert.Equal("temporary-token", request.Headers.GetValues("X-Security-Token").Single());
        Assert.Contains("SignedHeaders=host;x-sdk-date;x-security-token,", request.Headers.GetValues("Authorization").Single(), StringComparison.Ordinal);
        Assert.Equal(SignatureCheck.Valid, VerifyWithSandbox(request, "AK", "SK", "test-region-1"));
    }

    [Fact]
    public async Task SendAsync_NoSecurityToken_SendsNone()
    {
        var request = await SendAsync(new AkSkSigningHandler("AK", "SK", null, null, null, new FakeTimeProvider(PythonSdkDate)), new Capture(), PythonSdkUrl, null);

        Assert.False(request.Headers.Contains("X-Security-Token"));
    }

    // The sandbox's verifier shares no code with the gateway's signer: a second, independent implementation.
    private static SignatureCheck VerifyWithSandbox(HttpRequestMessage request, string accessKey, string secretKey, string region = "none")
    {
        var uri = request.RequestUri!;
        string? Header(string name) => name == "host" ? (uri.IsDefaultPort ? uri.Host : uri.Authority)
            : request.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;
        return HuaweiSignatureVerifier.Verify(request.Method.Method, uri.PathAndQuery, Header, [], request.Headers.GetValues("Authorization").Single(),
            key => key == accessKey ? secretKey : null, region);
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
