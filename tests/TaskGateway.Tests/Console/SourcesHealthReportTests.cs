using Microsoft.Extensions.Diagnostics.HealthChecks;
using TaskGateway.Probes;

namespace TaskGateway.Tests.WebConsole;

public class SourcesHealthReportTests
{
    [Fact]
    public void Of_SourceChecksAmongOthers_OnlySourcesByAliasWithStatusAndWhy()
    {
        var report = new HealthReport(
            new Dictionary<string, HealthReportEntry>
            {
                ["source:dms"] = new(HealthStatus.Unhealthy, "Source 'dms' failed repeatedly; its circuit is open.", TimeSpan.Zero, null, null),
                ["ready"] = new(HealthStatus.Healthy, null, TimeSpan.Zero, null, null),
                ["source:astra"] = new(HealthStatus.Healthy, null, TimeSpan.Zero, null, null),
                ["source:iotda"] = new(HealthStatus.Degraded, "Watch polls of source 'iotda' are failing.", TimeSpan.Zero, null, null),
            },
            TimeSpan.Zero);

        var sources = SourcesHealthReport.Of(report).Sources;

        Assert.Equal(
            [
                new("astra", "Healthy", null),
                new("dms", "Unhealthy", "Source 'dms' failed repeatedly; its circuit is open."),
                new SourcesHealthReport.Entry("iotda", "Degraded", "Watch polls of source 'iotda' are failing."),
            ],
            sources);
    }
}
