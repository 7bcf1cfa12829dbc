using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Watch;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.Tests.Watch;

/// <summary>
/// A poller as an operator sees it through the hub: when it stops, what it logs (fixed event ids), what it counts and
/// traces, how it waits after errors, and how it follows its key's coordination.
/// </summary>
public class PollerLifecycleTests
{
    private const int PollerStarted = 3001;
    private const int PollerStopped = 3002;
    private const int PollFailed = 3003;
    private const int PollerGaveUp = 3004;
    private const int PollCrashed = 3005;
    private const int PollerIdle = 3006;

    private static IReadOnlyList<CloudTask> Changing(int n) => [WatchTestKit.Task(n.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    [Fact]
    public async Task Dispose_WatcherRejoinsAndLeavesAgain_IdleTimeoutCountsFromTheLastLeave()
    {
        var kit = new WatchTestKit(_ => [WatchTestKit.Task("same")], new WatchOptions { PollerIdleTimeout = TimeSpan.FromSeconds(5) });
        kit.Subscribe().Dispose();
        await kit.PolledAsync(1);

        // Left at 0 s, back at 1 s, left again at 3 s: the poller runs until 8 s, not 5 s.
        kit.Time.Advance(TimeSpan.FromSeconds(1));
        var again = kit.Subscribe();
        kit.Time.Advance(TimeSpan.FromSeconds(2));
        again.Dispose();
        kit.Time.Advance(TimeSpan.FromSeconds(2.5));
        Assert.Equal(1, kit.Hub.ActivePollers);

        kit.Time.Advance(TimeSpan.FromSeconds(2.5));
        Assert.Equal(0, kit.Hub.ActivePollers);
    }

    [Fact]
    public async Task Poll_PollerStartsPollsAndGoesIdle_LogsStartIdleAndStopWithThePollCountAndReleasesItsMembership()
    {
        var logger = new WatchProbes.CapturingLogger();
        var coordination = new WatchProbes.DrivenCoordination(leading: true);
        // An idle timeout shorter than the poll interval: only the idle timer fires when the clock moves by it.
        var kit = new WatchTestKit(Changing, new WatchOptions { PollerIdleTimeout = TimeSpan.FromSeconds(1) }, logger, coordination: coordination);
        var subscription = kit.Subscribe();
        await kit.PolledAsync(1);
        await kit.NextPollAsync(WatchTestKit.Interval);
        await kit.PolledAsync(2);
        await kit.NextPollAsync(WatchTestKit.Interval);
        await kit.PolledAsync(3);

        subscription.Dispose();
        kit.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0, kit.Hub.ActivePollers);
        var started = Assert.Single(logger.Of(PollerStarted));
        Assert.Equal("src", started.State["Source"]);
        Assert.Equal(kit.Key.Resource, started.State["Resource"]);
        var idle = Assert.Single(logger.Of(PollerIdle));
        Assert.Equal(TimeSpan.FromSeconds(1), idle.State["IdleTimeout"]);
        var stopped = Assert.Single(logger.Of(PollerStopped));
        Assert.Equal(3L, stopped.State["Polls"]);
        Assert.Equal("src", stopped.State["Source"]);
        Assert.Equal(kit.Key.Resource, stopped.State["Resource"]);
        Assert.Equal(1, coordination.Disposals);
        Assert.Equal(3, kit.Observer.PollsOf(kit.Key));
    }

    [Fact]
    public async Task Poll_TaskDoneAfterTheLastWatcherLeft_StopsOnceAndTheIdleTimerDoesNothing()
    {
        var logger = new WatchProbes.CapturingLogger();
        var coordination = new WatchProbes.DrivenCoordination(leading: true);
        var kit = new WatchTestKit(n => [WatchTestKit.Task(n.ToString(System.Globalization.CultureInfo.InvariantCulture), n >= 2 ? State.Succeeded : State.Running)],
            new WatchOptions { PollerIdleTimeout = TimeSpan.FromSeconds(5) }, logger, coordination: coordination);
        kit.Subscribe().Dispose();
        await kit.PolledAsync(1);

        // The second poll (2 s, within the idle timeout) finds the task done: the poller ends there.
        await kit.NextPollAsync(WatchTestKit.Interval);
        await WatchTestKit.Until(() => kit.Hub.ActivePollers == 0);
        kit.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.Single(logger.Of(PollerStopped));
        Assert.Empty(logger.Of(PollerIdle));
        Assert.Equal(1, coordination.Disposals);
        Assert.Equal(2, kit.Source.Fetches);
    }

    [Fact]
    public async Task Poll_ErrorBudgetSpentAfterTasksWereSeen_PublishesTheLastTasksSharesTheFailureAndLogsEachStepOnce()
    {
        var logger = new WatchProbes.CapturingLogger();
        var coordination = new WatchProbes.DrivenCoordination(leading: true);
        var kit = new WatchTestKit(n => n == 1 ? [WatchTestKit.Task("a")] : throw new UpstreamException(UpstreamFailure.HttpStatus, "src", "boom", 503),
            new WatchOptions { ErrorBudget = 2 }, logger, coordination: coordination);
        using var subscription = kit.Subscribe();
        await kit.PolledAsync(1);
        await kit.NextPollAsync(TimeSpan.FromMinutes(1));
        await kit.PolledAsync(2);
        await kit.NextPollAsync(TimeSpan.FromMinutes(1));
        await WatchTestKit.Until(() => kit.Hub.ActivePollers == 0);

        Assert.True(subscription.Snapshots.TryRead(out var snapshot));
        Assert.True(snapshot.Final);
        Assert.Equal(StatusCode.Unavailable, snapshot.Error!.StatusCode);
        Assert.Equal("a", Assert.Single(snapshot.Tasks).Etag);
        Assert.Equal(1, coordination.Failures);
        var failed = Assert.Single(logger.Of(PollFailed));
        Assert.Equal(1, failed.State["Errors"]);
        Assert.Equal(LogLevel.Warning, failed.Level);
        var gaveUp = Assert.Single(logger.Of(PollerGaveUp));
        Assert.Contains("Unavailable", gaveUp.State["Status"] as string, StringComparison.Ordinal);
        Assert.Equal(kit.Key.Resource, gaveUp.State["Resource"]);
        Assert.Equal(3, kit.Source.Fetches);
    }

    [Fact]
    public async Task Poll_PermanentErrorBeforeAnyTaskWasSeen_FinalSnapshotHasNoTasks()
    {
        var kit = new WatchTestKit(_ => throw new UpstreamException(UpstreamFailure.HttpStatus, "src", "denied", 403));
        using var subscription = kit.Subscribe();
        await WatchTestKit.Until(() => kit.Hub.ActivePollers == 0);

        Assert.True(subscription.Snapshots.TryRead(out var snapshot));
        Assert.Equal(StatusCode.PermissionDenied, snapshot.Error!.StatusCode);
        Assert.NotNull(snapshot.Tasks);
        Assert.Empty(snapshot.Tasks);
    }

    [Fact]
    public async Task Poll_UnexpectedException_LoggedAsACrashWithItAndEndsInternal()
    {
        var logger = new WatchProbes.CapturingLogger();
        var bug = new InvalidOperationException("a bug in a mapper");
        var kit = new WatchTestKit(_ => throw bug, logger: logger);
        using var subscription = kit.Subscribe();
        await WatchTestKit.Until(() => kit.Hub.ActivePollers == 0);

        var crash = Assert.Single(logger.Of(PollCrashed));
        Assert.Equal(LogLevel.Error, crash.Level);
        Assert.Same(bug, crash.Exception);
        Assert.Equal(kit.Key.Resource, crash.State["Resource"]);
        Assert.True(subscription.Snapshots.TryRead(out var snapshot));
        Assert.Equal(StatusCode.Internal, snapshot.Error!.StatusCode);
    }

    [Fact]
    public async Task Poll_ServerErrorNotThrottled_WaitsTheBackoffNotTheThrottleDelay()
    {
        var kit = new WatchTestKit(n => n == 1 ? throw new UpstreamException(UpstreamFailure.HttpStatus, "src", "boom", 503) : Changing(n),
            new WatchOptions { ThrottleDelay = TimeSpan.FromMinutes(1) });
        using var subscription = kit.Subscribe();
        await kit.PolledAsync(1);

        // Min and max are both 2 s: the backoff is exactly 2 s.
        Assert.Equal(WatchTestKit.Interval, kit.Time.DueTimes.Last());
        await kit.NextPollAsync(WatchTestKit.Interval);
        Assert.Equal(2, kit.Source.Fetches);
    }

    [Fact]
    public async Task Poll_Throttled429WithoutRetryAfter_WaitsTheThrottleDelay()
    {
        var kit = new WatchTestKit(n => n == 1 ? throw new UpstreamException(UpstreamFailure.HttpStatus, "src", "throttled", 429) : Changing(n),
            new WatchOptions { ThrottleDelay = TimeSpan.FromMinutes(1) });
        using var subscription = kit.Subscribe();
        await kit.PolledAsync(1);

        Assert.Equal(TimeSpan.FromMinutes(1), kit.Time.DueTimes.Last());
        await kit.NextPollAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(2, kit.Source.Fetches);
    }

    [Fact]
    public async Task Poll_SlowUpstream_WaitsTheIntervalLessTheTimeSpent()
    {
        WatchTestKit kit = null!;
        kit = new WatchTestKit(n =>
        {
            if (n == 1)
            {
                kit.Time.Advance(TimeSpan.FromSeconds(0.5));
            }

            return Changing(n);
        });
        using var subscription = kit.Subscribe();
        await kit.PolledAsync(1);

        Assert.Equal(TimeSpan.FromSeconds(1.5), kit.Time.DueTimes.Last());
    }

    [Fact]
    public async Task Poll_UpstreamSlowerThanTheInterval_PollsAgainAtOnce()
    {
        WatchTestKit kit = null!;
        kit = new WatchTestKit(n =>
        {
            if (n == 1)
            {
                // Longer than the 2 s interval: the next poll is already due when this one ends.
                kit.Time.Advance(TimeSpan.FromSeconds(3));
            }

            return Changing(n);
        });
        using var subscription = kit.Subscribe();

        await WatchTestKit.Until(() => kit.Source.Fetches >= 2);

        Assert.True(subscription.Snapshots.TryRead(out _));
    }

    [Fact]
    public async Task Poll_EachPoll_CountedByItsSourceAndTracedAsARootWatchPollSpan()
    {
        var (telemetry, meters, services) = WatchProbes.Telemetry();
        using var disposeServices = services;
        using var disposeMeters = meters;
        var key = WatchProbes.UniqueKey();
        using var spans = new WatchProbes.SpanCapture(key.Resource);
        var kit = new WatchTestKit(Changing, telemetry: telemetry, key: key);
        using var subscription = kit.Subscribe();
        await kit.PolledAsync(1);
        await kit.NextPollAsync(WatchTestKit.Interval);
        await kit.PolledAsync(2);

        var polls = meters.Of("taskgateway.watch.polls").ToList();
        Assert.Equal(2, polls.Count);
        Assert.All(polls, p => Assert.Equal(1, p.Value));
        Assert.All(polls, p => Assert.Equal("src", p.Tags["source"]));
        Assert.Equal(2, kit.Observer.PollsOf(key));
        Assert.Equal(2, spans.Spans.Count);
        Assert.All(spans.Spans, s =>
        {
            Assert.Equal("watch.poll", s.OperationName);
            Assert.Equal(ActivityKind.Internal, s.Kind);
            Assert.Equal("src", s.GetTagItem("taskgateway.source"));
            Assert.Null(s.ParentId);
        });
    }

    [Fact]
    public async Task Coordination_LeaderSharedAFailure_FollowerPublishesNothingOfIt()
    {
        var coordination = new WatchProbes.DrivenCoordination(leading: false);
        var kit = new WatchTestKit(Changing, coordination: coordination);
        using var subscription = kit.Subscribe();
        await WatchTestKit.Until(() => coordination.Waits >= 1);

        coordination.Received!(new SharedSnapshot([WatchTestKit.Task("failed-leader")], Final: false, Failed: true));
        coordination.Received!(new SharedSnapshot([WatchTestKit.Task("b")], Final: false, Failed: false));

        Assert.True(subscription.Snapshots.TryRead(out var snapshot));
        Assert.Equal(1, snapshot.Version);
        Assert.Equal("b", snapshot.Tasks.Single().Etag);
        Assert.Equal(0, kit.Source.Fetches);
    }

    [Fact]
    public async Task Coordination_LeaderSharedTheFinalState_FollowerPublishesItAndEnds()
    {
        var coordination = new WatchProbes.DrivenCoordination(leading: false);
        var kit = new WatchTestKit(Changing, coordination: coordination);
        using var subscription = kit.Subscribe();
        await WatchTestKit.Until(() => coordination.Waits >= 1);

        coordination.Received!(new SharedSnapshot([WatchTestKit.Task("done", State.Succeeded)], Final: true, Failed: false));

        Assert.Equal(0, kit.Hub.ActivePollers);
        Assert.Equal(1, coordination.Disposals);
        Assert.True(subscription.Snapshots.TryRead(out var snapshot));
        Assert.True(snapshot.Final);
        Assert.Equal("done", snapshot.Tasks.Single().Etag);
        Assert.Equal(0, kit.Source.Fetches);
    }

    [Fact]
    public async Task Coordination_WaitEndsWithoutLeadership_AsksAgainInsteadOfPolling()
    {
        var coordination = new WatchProbes.DrivenCoordination(leading: false);
        coordination.Pass();
        var kit = new WatchTestKit(Changing, coordination: coordination);
        using var subscription = kit.Subscribe();

        await WatchTestKit.Until(() => coordination.Waits >= 2 || kit.Source.Fetches > 0);

        Assert.Equal(0, kit.Source.Fetches);
        Assert.Equal(2, coordination.Waits);
    }
}
