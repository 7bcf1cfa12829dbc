using TaskGateway.Security;

namespace TaskGateway.Tests.Security;

public class CallerOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed() =>
        Assert.True(new CallerOptionsValidator().Validate(null, new CallerOptions()).Succeeded);

    [Fact]
    public void Validate_Defaults_NoPerCallerRateLimit() => Assert.False(new CallerOptions().RateLimited);

    [Fact]
    public void Validate_BurstWithoutRate_Refused()
    {
        var result = new CallerOptionsValidator().Validate(null, new CallerOptions { Burst = 10 });
        Assert.Contains(result.Failures!, f => f.StartsWith("TaskGateway:Callers:Burst", StringComparison.Ordinal));
    }

    [Fact]
    public void EffectiveBurst_RateOnly_TwiceTheRate() => Assert.Equal(100, new CallerOptions { RequestsPerSecond = 50 }.EffectiveBurst);

    [Fact]
    public void Validate_ManyProblems_ReportsEveryOneWithoutEchoingKeys()
    {
        const string shortKey = "short-secret";
        var result = new CallerOptionsValidator().Validate(null, new CallerOptions
        {
            ApiKeys = { ["ok"] = "0123456789abcdefghijklmnopqrstuv", ["weak"] = shortKey, ["bad name"] = "0123456789abcdefghijklmnopqrstuv" },
            Jwt = new CallerJwtOptions { SigningKey = "bm90LWxvbmctZW5vdWdo", Authority = "http://login.example.com" },
            RequestsPerSecond = 0,
            MaxWatchStreams = 0,
        });

        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("TaskGateway:Callers:ApiKeys:weak", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TaskGateway:Callers:ApiKeys:bad name", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TaskGateway:Callers:Jwt:Audience", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TaskGateway:Callers:Jwt:Authority", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TaskGateway:Callers:Jwt:SigningKey", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TaskGateway:Callers:RequestsPerSecond", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TaskGateway:Callers:MaxWatchStreams", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains(shortKey, StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.StartsWith("TaskGateway:Callers:ApiKeys:ok", StringComparison.Ordinal));
    }
}
