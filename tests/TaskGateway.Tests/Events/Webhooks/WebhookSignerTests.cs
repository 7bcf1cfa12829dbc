using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;
using TaskGateway.Events.Webhooks;

namespace TaskGateway.Tests.Events.Webhooks;

public class WebhookSignerTests
{
    private static byte[] Key()
    {
        Assert.True(WebhookSecret.TryParse(WebhookTestData.Secret, out var key, out _));
        return key;
    }

    // The published example of the Standard Webhooks spec's reference libraries (standard-webhooks/standard-webhooks,
    // libraries/csharp/StandardWebhooks.Tests/WebhookTest.cs, verifyWebhookSignWorks; the same vector in Svix's libraries).
    [Fact]
    public void Signature_PublishedExample_PublishedSignature() =>
        Assert.Equal(
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            WebhookSigner.Signature(Key(), "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"u8));

    [Fact]
    public void Sign_Request_ThreeHeadersAtTheClocksTime()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1614265330));
        using var request = new HttpRequestMessage();

        new WebhookSigner(time).Sign(request, "msg_p5jXN8AQM9LWM0D4loKWxJek", Key(), "{\"test\": 2432232314}"u8);

        Assert.Equal("msg_p5jXN8AQM9LWM0D4loKWxJek", Assert.Single(request.Headers.GetValues("webhook-id")));
        Assert.Equal("1614265330", Assert.Single(request.Headers.GetValues("webhook-timestamp")));
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", Assert.Single(request.Headers.GetValues("webhook-signature")));
    }

    [Fact]
    public void Sign_NonAsciiBody_VerifiedByTheStandardWebhooksPackage()
    {
        // The package checks the timestamp against the real clock (five minutes either way), so the fake starts at it.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var body = Encoding.UTF8.GetBytes(WebhookTestData.TaskJson.Replace("\\u00e9", "é", StringComparison.Ordinal));
        using var request = new HttpRequestMessage();
        new WebhookSigner(time).Sign(request, "evt_1", Key(), body);

        var headers = new HeaderDictionary();
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = values.ToArray();
        }

        var verifier = new StandardWebhook(WebhookTestData.Secret);
        verifier.Verify(Encoding.UTF8.GetString(body), headers);
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify(Encoding.UTF8.GetString(body) + " ", headers));
    }

    [Fact]
    public void Signature_OtherKeyIdTimestampOrBody_Differs()
    {
        var key = Key();
        var reference = WebhookSigner.Signature(key, "a", 1, "{}"u8);

        Assert.NotEqual(reference, WebhookSigner.Signature(new byte[24], "a", 1, "{}"u8));
        Assert.NotEqual(reference, WebhookSigner.Signature(key, "b", 1, "{}"u8));
        Assert.NotEqual(reference, WebhookSigner.Signature(key, "a", 2, "{}"u8));
        Assert.NotEqual(reference, WebhookSigner.Signature(key, "a", 1, "{ }"u8));
    }
}
