using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TaskGateway.Events;
using TaskGateway.Probes;

namespace TaskGateway.Tests.Events.Host;

/// <summary>The store in readiness: Degraded (still serving) when down, with its setting and state.</summary>
public class EventStoreHealthCheckTests
{
    private static Task<HealthCheckResult> CheckAsync(FakeSubscriptionStore store, bool enabled = true) =>
        new EventStoreHealthCheck(store, Options.Create(new EventsOptions { Enabled = enabled })).CheckHealthAsync(new HealthCheckContext());

    [Fact]
    public async Task CheckHealthAsync_StoreUp_HealthyWithSetting()
    {
        var result = await CheckAsync(new FakeSubscriptionStore());

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal("available", result.Data["state"]);
        Assert.Equal(FakeSubscriptionStore.SettingName, result.Data["setting"]);
    }

    [Fact]
    public async Task CheckHealthAsync_StoreDown_DegradedNeverUnhealthyNamingTheSetting()
    {
        var result = await CheckAsync(new FakeSubscriptionStore { Unavailable = true });

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal("unavailable", result.Data["state"]);
        Assert.Equal(FakeSubscriptionStore.SettingName, result.Data["setting"]);
        Assert.Contains(FakeSubscriptionStore.SettingName, result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealthAsync_EventsDisabled_HealthyWithoutAskingTheStore()
    {
        var result = await CheckAsync(new FakeSubscriptionStore { Unavailable = true }, enabled: false);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal("disabled", result.Data["state"]);
    }
}
