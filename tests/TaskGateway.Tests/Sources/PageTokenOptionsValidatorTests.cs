using TaskGateway.Core.Sources;

namespace TaskGateway.Tests.Sources;

public class PageTokenOptionsValidatorTests
{
    private static readonly string Key = Convert.ToBase64String(new byte[32]);
    private readonly PageTokenOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeed() => Assert.True(_validator.Validate(null, new GatewayOptions()).Succeeded);

    [Fact]
    public void Validate_Rotation_Succeeds() =>
        Assert.True(_validator.Validate(null, new GatewayOptions { PageTokenKey = Key, PageTokenPreviousKey = Convert.ToBase64String(new byte[48]) }).Succeeded);

    [Theory]
    [InlineData("00:00:59")]
    [InlineData("30.00:00:01")]
    [InlineData("-01:00:00")]
    public void Validate_MaxAgeOutOfRange_Fails(string maxAge)
    {
        var result = _validator.Validate(null, new GatewayOptions { PageTokenMaxAge = TimeSpan.Parse(maxAge, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.StartsWith("TaskGateway:PageTokenMaxAge:", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:01:00")]
    [InlineData("30.00:00:00")]
    public void Validate_MaxAgeAtBounds_Succeeds(string maxAge) =>
        Assert.True(_validator.Validate(null, new GatewayOptions { PageTokenMaxAge = TimeSpan.Parse(maxAge, System.Globalization.CultureInfo.InvariantCulture) }).Succeeded);

    [Fact]
    public void Validate_ShortPreviousKeyWithoutCurrentAndBadMaxAge_ReportsEveryOneWithoutEchoingTheKey()
    {
        const string previous = "c2hvcnQtcHJldmlvdXMta2V5";

        var result = _validator.Validate(null, new GatewayOptions { PageTokenPreviousKey = previous, PageTokenMaxAge = TimeSpan.Zero });

        var failures = result.Failures!.ToList();
        Assert.Equal(3, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("TaskGateway:PageTokenPreviousKey: must be base64 of at least 32 bytes", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TaskGateway:PageTokenPreviousKey: set only during a rotation", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TaskGateway:PageTokenMaxAge:", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains(previous, StringComparison.Ordinal));
    }
}
