using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TaskGateway.FunctionalTests;

/// <summary>Issue 20, options one way: the host's own sections are validated at start with every other one.</summary>
public class HostOptionsStartupTests
{
    [Fact]
    public async Task Start_BadHostingTelemetryAndCallers_EveryProblemReportedAtOnceNamingTheKeys()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s["TaskGateway:Hosting:Address"] = "nowhere";
            s["TaskGateway:Telemetry:TraceSampleRatio"] = "2";
            s["TaskGateway:Callers:MaxWatchStreams"] = "0";
        }));

        var failures = Failures(e).ToList();
        Assert.Contains("TaskGateway:Hosting:Address: 'nowhere' is not an IP address.", failures);
        Assert.Contains(failures, f => f.StartsWith("TaskGateway:Telemetry:TraceSampleRatio: '2' must be a number from 0 to 1", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TaskGateway:Callers:MaxWatchStreams", StringComparison.Ordinal));
        using var report = new StringWriter();
        Assert.True(TaskGateway.Hosting.StartupFailure.TryReport(e, report));
    }

    [Fact]
    public async Task Start_HostingPortOutOfRange_RefusedNamingTheKey()
    {
        // The test gateway's ports are 0 (free ports) in its configuration; this sets one past the range after binding.
        var e = await Assert.ThrowsAsync<TaskGateway.Hosting.GatewayConfigurationException>(() => GatewayInstance.StartWithSourcesAsync(
            services: s => s.Configure<TaskGateway.Hosting.HostingOptions>(h => h.GrpcPort = 99999)));

        Assert.Contains("TaskGateway:Hosting:GrpcPort: must be from 0 to 65535.", e.Failures);
    }

    private static IEnumerable<string> Failures(Exception e) => e switch
    {
        OptionsValidationException options => options.Failures,
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(Failures),
        _ => [e.Message],
    };
}
