using TaskGateway.Events.Webhooks;

namespace TaskGateway.Tests.Events.Webhooks;

public class WebhookSecretTests
{
    [Fact]
    public void Generate_Twice_DistinctSecretsOf32BytesThatParse()
    {
        var first = WebhookSecret.Generate();
        var second = WebhookSecret.Generate();

        Assert.NotEqual(first, second);
        Assert.StartsWith("whsec_", first, StringComparison.Ordinal);
        Assert.True(WebhookSecret.TryParse(first, out var key, out var error), error);
        Assert.Equal(32, key.Length);
        Assert.Equal(Convert.FromBase64String(first["whsec_".Length..]), key);
    }

    [Fact]
    public void TryParse_SpecExampleSecret_24ByteKey()
    {
        Assert.True(WebhookSecret.TryParse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", out var key, out var error), error);
        Assert.Equal(Convert.FromBase64String("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), key);
        Assert.Empty(error);
    }

    [Theory]
    [InlineData(24)]
    [InlineData(64)]
    public void TryParse_KeyAtBound_Accepted(int bytes) =>
        Assert.True(WebhookSecret.TryParse("whsec_" + Convert.ToBase64String(new byte[bytes]), out _, out _));

    [Theory]
    [InlineData(23, "decodes to 23")]
    [InlineData(65, "decodes to 65")]
    [InlineData(0, "standard base64")]
    public void TryParse_KeyOutOfBounds_Refused(int bytes, string expected)
    {
        Assert.False(WebhookSecret.TryParse("whsec_" + Convert.ToBase64String(new byte[bytes]), out var key, out var error));
        Assert.Empty(key);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "must start with whsec_")]
    [InlineData("", "must start with whsec_")]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "must start with whsec_")]
    [InlineData("WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "must start with whsec_")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLa!w", "standard base64")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", "standard base64")]
    [InlineData("whsec_MfKQ9r8GKYqr TwjUPD8ILPZIo2LaLaSw", "standard base64")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLa_w", "standard base64")]
    public void TryParse_Malformed_RefusedWithoutEchoingTheSecret(string? secret, string expected)
    {
        Assert.False(WebhookSecret.TryParse(secret, out var key, out var error));
        Assert.Empty(key);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("MfKQ9r8", error, StringComparison.Ordinal);
    }
}
