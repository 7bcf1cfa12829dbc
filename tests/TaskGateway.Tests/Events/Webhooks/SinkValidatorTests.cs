using TaskGateway.Events.Webhooks;

namespace TaskGateway.Tests.Events.Webhooks;

public class SinkValidatorTests
{
    private readonly FakeHostResolver _resolver = new FakeHostResolver()
        .Answer("hooks.example.com", "93.184.216.34", "2606:2800:220:1::1")
        .Answer("rebind.example.com", "93.184.216.34", "10.0.0.5")
        .Answer("metadata.example.com", "169.254.169.254")
        .Answer("mapped.example.com", "::ffff:127.0.0.1")
        .Answer("empty.example.com")
        .Answer("hooks.internal", "10.0.0.9")
        .Fail("bad-name.example.com", new ArgumentException("not a host name"));

    private SinkValidator Validator(params string[] allowed) => new(new SinkAddressPolicy(allowed), _resolver);

    [Theory]
    [InlineData("https://hooks.example.com/taskgateway")]
    [InlineData("https://8.8.8.8/taskgateway")]
    public async Task ValidateAsync_PublicSink_Null(string uri) =>
        Assert.Null(await Validator().ValidateAsync(uri, CancellationToken.None));

    [Theory]
    [InlineData("https://rebind.example.com/x", "resolves to a private address")]
    [InlineData("https://metadata.example.com/x", "resolves to a cloud metadata address")]
    [InlineData("https://mapped.example.com/x", "a loopback address")]
    [InlineData("https://nowhere.example.com/x", "nowhere.example.com, which does not resolve")]
    [InlineData("https://empty.example.com/x", "empty.example.com, which does not resolve")]
    [InlineData("https://bad-name.example.com/x", "bad-name.example.com, which does not resolve")]
    [InlineData("http://hooks.example.com/x", "must use https")]
    [InlineData("https://127.0.0.1/x", "a loopback address")]
    public async Task ValidateAsync_RefusedSink_SaysWhyAndNamesNoSecret(string uri, string expected)
    {
        var problem = await Validator().ValidateAsync(uri, CancellationToken.None);

        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_ResolvesToRefusedAddress_NamesTheSetting() =>
        Assert.Contains("TaskGateway:Events:AllowedSinkHosts", await Validator().ValidateAsync("https://rebind.example.com/x", CancellationToken.None), StringComparison.Ordinal);

    [Fact]
    public async Task ValidateAsync_AllowlistedHostOnPrivateAddress_NullWithoutLookup()
    {
        Assert.Null(await Validator("hooks.internal").ValidateAsync("http://hooks.internal:8080/x", CancellationToken.None));
        Assert.Empty(_resolver.Asked);
    }

    [Fact]
    public async Task ValidateAsync_IpLiteral_NoLookup()
    {
        Assert.Null(await Validator().ValidateAsync("https://8.8.8.8/x", CancellationToken.None));
        Assert.Empty(_resolver.Asked);
    }

    [Fact]
    public async Task ValidateAsync_NameNotAllowlisted_ResolvedNow()
    {
        await Validator().ValidateAsync("https://hooks.example.com/x", CancellationToken.None);

        Assert.Equal(["hooks.example.com"], _resolver.Asked);
    }
}
