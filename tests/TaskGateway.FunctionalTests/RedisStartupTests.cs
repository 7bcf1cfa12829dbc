using Microsoft.Extensions.Options;

namespace TaskGateway.FunctionalTests;

public class RedisStartupTests
{
    [Fact]
    public async Task Start_RedisWithoutPageTokenKey_RefusedNamingTheKeyWithTheOtherErrors()
    {
        // Nothing may be read from or written to Redis unsigned: without the key there is nothing to sign with.
        var e = await Assert.ThrowsAnyAsync<Exception>(() => GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s.Remove("TaskGateway:PageTokenKey");
            s["TaskGateway:Redis:Configuration"] = "127.0.0.1:1,password=not-to-be-echoed";
            s["TaskGateway:Redis:LeaseTtl"] = "00:00:00.1";
        }));

        var failures = Failures(e).ToList();
        Assert.Contains(failures, f => f.StartsWith("TaskGateway:PageTokenKey: required when TaskGateway:Redis:Configuration is set", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TaskGateway:Redis:LeaseTtl", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("not-to-be-echoed", StringComparison.Ordinal));
        var report = new StringWriter();
        Assert.True(TaskGateway.Hosting.StartupFailure.TryReport(e, report));
        Assert.Contains("TaskGateway:PageTokenKey", report.ToString(), StringComparison.Ordinal);
    }

    private static IEnumerable<string> Failures(Exception e) => e switch
    {
        OptionsValidationException options => options.Failures,
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(Failures),
        _ => [],
    };
}
