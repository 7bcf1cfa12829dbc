using TaskGateway.Watch;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.Tests.Watch;

/// <summary>The hub's metrics as documented: taskgateway.watch.pollers.active, .subscribers and .subscriptions{shared}.</summary>
public class WatchHubTelemetryTests
{
    [Fact]
    public async Task Gauges_TwoResourcesThreeWatchers_TwoPollersAndThreeSubscribers()
    {
        var (telemetry, meters, services) = WatchProbes.Telemetry();
        using var disposeServices = services;
        using var disposeMeters = meters;
        var kit = new WatchTestKit(_ => [WatchTestKit.Task("same")], telemetry: telemetry);
        var other = new PollerKey("src", "sources/src/accounts/a/tasks/other", string.Empty);
        var first = kit.Subscribe();
        using var second = kit.Subscribe();
        using var third = kit.Hub.Subscribe(other, () => kit.Source, WatchTestKit.Interval, WatchTestKit.Interval);
        await WatchTestKit.Until(() => kit.Source.Fetches >= 2);

        Assert.Equal(2, Assert.Single(meters.Observe("taskgateway.watch.pollers.active")).Value);
        Assert.Equal(3, Assert.Single(meters.Observe("taskgateway.watch.subscribers")).Value);
        Assert.Equal(3, kit.Hub.Subscribers);
        Assert.Equal(2, kit.Hub.SubscribersOf(kit.Key));

        first.Dispose();

        Assert.Equal(2, Assert.Single(meters.Observe("taskgateway.watch.subscribers")).Value);
        Assert.Equal(2, kit.Hub.Subscribers);
    }

    [Fact]
    public async Task Subscribe_FirstStartsSecondShares_CountedSharedFalseThenTrueBySource()
    {
        var (telemetry, meters, services) = WatchProbes.Telemetry();
        using var disposeServices = services;
        using var disposeMeters = meters;
        var kit = new WatchTestKit(n => [WatchTestKit.Task("t", n >= 2 ? State.Succeeded : State.Running)], telemetry: telemetry);

        using var first = kit.Subscribe();
        using var second = kit.Subscribe();
        await kit.PolledAsync(1);
        await kit.NextPollAsync(WatchTestKit.Interval);
        await WatchTestKit.Until(() => kit.Hub.ActivePollers == 0);
        // The resource's poller ended (done): the next watcher starts a new one.
        using var third = kit.Subscribe();

        var subscriptions = meters.Of("taskgateway.watch.subscriptions").ToList();
        Assert.Equal(["false", "true", "false"], subscriptions.Select(m => m.Tags["shared"]));
        Assert.All(subscriptions, m => Assert.Equal("src", m.Tags["source"]));
        Assert.All(subscriptions, m => Assert.Equal(1, m.Value));
    }

    [Theory]
    [InlineData("taskgateway.watch.pollers.active", "{poller}")]
    [InlineData("taskgateway.watch.subscribers", "{watcher}")]
    public void Gauges_Published_WithTheirUnitAndADescription(string name, string unit)
    {
        var (telemetry, meters, services) = WatchProbes.Telemetry();
        using var disposeServices = services;
        using var disposeMeters = meters;

        _ = new WatchTestKit(_ => [WatchTestKit.Task("same")], telemetry: telemetry);

        Assert.True(meters.Instruments.TryGetValue(name, out var published));
        Assert.Equal(unit, published.Unit);
        Assert.False(string.IsNullOrWhiteSpace(published.Description));
    }
}
