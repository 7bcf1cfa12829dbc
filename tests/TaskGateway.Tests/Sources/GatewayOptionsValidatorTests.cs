using TaskGateway.Core.Sources;

namespace TaskGateway.Tests.Sources;

public class GatewayOptionsValidatorTests
{
    private static SourceOptions Valid() => new()
    {
        Kind = "DmsScheduledTask",
        Endpoint = "https://dms.cn-north-4.myhuaweicloud.com",
        Auth = new AuthOptions { Scheme = "Token", Token = "t" },
    };

    [Fact]
    public void Validate_ValidSource_Succeeds() =>
        Assert.True(new GatewayOptionsValidator(new BackendKinds(TaskGateway.Backends.BackendCatalog.All)).Validate(null, new GatewayOptions { Sources = { ["dms"] = Valid() } }).Succeeded);

    [Fact]
    public void Validate_ManyProblems_ReportsEveryOneAtOnce()
    {
        var options = new GatewayOptions
        {
            PageTokenKey = "short",
            Sources =
            {
                ["Bad_Alias"] = Valid(),
                ["nokind"] = Valid() with { Kind = null },
                ["wrongkind"] = Valid() with { Kind = "Kafka" },
                ["plainhttp"] = Valid() with { Endpoint = "http://dms.example.com" },
                ["astra"] = Valid() with { Kind = "AstraTask" },
                ["aksk"] = Valid() with { Auth = new AuthOptions { Scheme = "AkSkDerived", AccessKey = "AK" } },
            },
        };

        var result = new GatewayOptionsValidator(new BackendKinds(TaskGateway.Backends.BackendCatalog.All)).Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("TaskGateway:Sources:Bad_Alias:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TaskGateway:Sources:nokind:Kind: required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'Kafka' is not a kind", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("plain http is only allowed to loopback", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("TaskGateway:Sources:astra:Auth:Scheme: 'Token' is not a scheme of AstraTask sources; use one of Bearer", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TaskGateway:Sources:aksk:Auth:SecretKey: required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TaskGateway:Sources:aksk:Region: required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TaskGateway:PageTokenKey:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Failures_NeverEchoSecrets()
    {
        const string secret = "s3cr3t-value-that-must-not-leak";
        var options = new GatewayOptions
        {
            Sources =
            {
                ["a"] = Valid() with { Kind = "AstraTask", Auth = new AuthOptions { Scheme = "Token", Token = secret + "\n" } },
                ["b"] = Valid() with { Auth = new AuthOptions { Scheme = "AkSk", AccessKey = secret, SecretKey = secret + "\u0001" } },
            },
        };

        var result = new GatewayOptionsValidator(new BackendKinds(TaskGateway.Backends.BackendCatalog.All)).Validate(null, options);

        Assert.True(result.Failed);
        Assert.DoesNotContain(secret, result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, options.Sources["b"].Auth.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoSources_SaysHowToFix() =>
        Assert.Contains("embedded sandbox", new GatewayOptionsValidator(new BackendKinds(TaskGateway.Backends.BackendCatalog.All)).Validate(null, new GatewayOptions()).FailureMessage, StringComparison.Ordinal);

    [Fact]
    public void Validate_ResilienceOutOfRange_ReportsEachKey()
    {
        var result = new GatewayOptionsValidator(new BackendKinds(TaskGateway.Backends.BackendCatalog.All)).Validate(null, new GatewayOptions
        {
            Sources =
            {
                ["budget"] = Valid() with { RetryBudgetRatio = 1.5 },
                ["limits"] = Valid() with { MaxConcurrentRequests = 0 },
                ["breaker"] = Valid() with { CircuitBreakerFailureRatio = 0, CircuitBreakerBreakDuration = TimeSpan.Zero },
            },
        });

        Assert.Contains(result.Failures!, f => f.StartsWith("TaskGateway:Sources:budget:RetryBudgetRatio", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("TaskGateway:Sources:limits:MaxConcurrentRequests", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("TaskGateway:Sources:breaker:CircuitBreaker", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_PassCallerToken_OnlyForTokenSchemesAndTokenOptional()
    {
        var result = new GatewayOptionsValidator(new BackendKinds(TaskGateway.Backends.BackendCatalog.All)).Validate(null, new GatewayOptions
        {
            Sources =
            {
                ["pass"] = Valid() with { Auth = new AuthOptions { Scheme = "Token", PassCallerToken = true } },
                ["aksk"] = Valid() with { Auth = new AuthOptions { Scheme = "AkSk", AccessKey = "AK", SecretKey = "SK", PassCallerToken = true } },
            },
        });

        Assert.DoesNotContain(result.Failures!, f => f.Contains(":pass:", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("TaskGateway:Sources:aksk:Auth:PassCallerToken", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_PassThroughSourceWithGatewayToken_RefusedUnlessFallbackAskedFor()
    {
        var result = new GatewayOptionsValidator(new BackendKinds(TaskGateway.Backends.BackendCatalog.All)).Validate(null, new GatewayOptions
        {
            Sources =
            {
                ["both"] = Valid() with { Auth = new AuthOptions { Scheme = "Token", Token = "gateway-secret", PassCallerToken = true } },
                ["bearer"] = Valid() with { Kind = "AstraTask", Auth = new AuthOptions { Scheme = "Bearer", Token = "gateway-secret", PassCallerToken = true } },
                ["optin"] = Valid() with { Auth = new AuthOptions { Scheme = "Token", Token = "gateway-secret", PassCallerToken = true, AllowGatewayTokenFallback = true } },
                ["nothing"] = Valid() with { Auth = new AuthOptions { Scheme = "Token", PassCallerToken = true, AllowGatewayTokenFallback = true } },
                ["notpass"] = Valid() with { Auth = new AuthOptions { Scheme = "Token", Token = "gateway-secret", AllowGatewayTokenFallback = true } },
            },
        });

        var failures = result.Failures!.ToList();
        foreach (var alias in new[] { "both", "bearer" })
        {
            var failure = Assert.Single(failures, f => f.StartsWith($"TaskGateway:Sources:{alias}:Auth:Token", StringComparison.Ordinal));
            Assert.Contains($"TaskGateway:Sources:{alias}:Auth:AllowGatewayTokenFallback", failure, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(failures, f => f.Contains(":optin:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TaskGateway:Sources:nothing:Auth:AllowGatewayTokenFallback", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TaskGateway:Sources:notpass:Auth:AllowGatewayTokenFallback", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("gateway-secret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1025)]
    public void Validate_CallerPipelineBucketsOutOfRange_Refused(int buckets)
    {
        var result = new GatewayOptionsValidator(new BackendKinds(TaskGateway.Backends.BackendCatalog.All)).Validate(null, new GatewayOptions
        {
            Sources = { ["dms"] = Valid() with { CallerPipelineBuckets = buckets } },
        });

        Assert.Contains(result.Failures!, f => f.StartsWith("TaskGateway:Sources:dms:CallerPipelineBuckets", StringComparison.Ordinal));
    }
}
