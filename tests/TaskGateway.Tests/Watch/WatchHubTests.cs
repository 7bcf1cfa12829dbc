using Google.Rpc;
using Grpc.Core;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Watch;
using static TaskGateway.Contracts.V1.CloudTask.Types;
using StatusCode = Grpc.Core.StatusCode;

namespace TaskGateway.Tests.Watch;

public class WatchHubTests
{
    [Fact]
    public async Task Subscribe_ThousandWatchers_OnePollPerInterval()
    {
        var kit = new WatchTestKit(n => [WatchTestKit.Task(n.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        var subscriptions = Enumerable.Range(0, 1000).Select(_ => kit.Subscribe()).ToList();
        await kit.PolledAsync(1);

        for (var interval = 1; interval <= 5; interval++)
        {
            await kit.NextPollAsync(WatchTestKit.Interval);
            await kit.PolledAsync(interval + 1);
        }

        Assert.Equal(6, kit.Source.Fetches);
        Assert.Equal(1, kit.Hub.ActivePollers);
        Assert.All(subscriptions, s => Assert.True(s.Snapshots.TryRead(out var latest) && latest.Version == 6));
        subscriptions.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task Poll_NothingChanges_BacksOffWithinJitterBounds()
    {
        var kit = new WatchTestKit(_ => [WatchTestKit.Task("same")]);
        using var subscription = kit.Subscribe(max: TimeSpan.FromSeconds(16));
        await kit.PolledAsync(1);

        // The first quiet delay is at most 4 s, so after 4 s the second poll has happened, never before 2 s.
        kit.Time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Equal(1, kit.Source.Fetches);
        await kit.NextPollAsync(TimeSpan.FromSeconds(2.1));
        Assert.Equal(2, kit.Source.Fetches);
    }

    [Fact]
    public async Task Poll_SlowUpstream_NextPollOneIntervalAfterTheSlowPollStarted()
    {
        WatchTestKit kit = null!;
        kit = new WatchTestKit(n =>
        {
            if (n == 1)
            {
                // The upstream takes half a second to answer the first poll.
                kit.Time.Advance(TimeSpan.FromSeconds(0.5));
            }

            return [WatchTestKit.Task(n.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        });
        using var subscription = kit.Subscribe();
        await kit.PolledAsync(1);

        // Intervals run start to start: the second poll is due 2 s after the first began, 1.5 s after it ended.
        kit.Time.Advance(TimeSpan.FromSeconds(1.4));
        Assert.Equal(1, kit.Source.Fetches);
        await kit.NextPollAsync(TimeSpan.FromSeconds(0.1));
        Assert.Equal(2, kit.Source.Fetches);
    }

    [Fact]
    public async Task Poll_Throttled429WithRetryAfter_WaitsThatLong()
    {
        var kit = new WatchTestKit(n => n == 2
            ? throw new UpstreamException(UpstreamFailure.HttpStatus, "src", "throttled", 429, retryAfter: TimeSpan.FromSeconds(10))
            : [WatchTestKit.Task(n.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        using var subscription = kit.Subscribe();
        await kit.PolledAsync(1);
        await kit.NextPollAsync(WatchTestKit.Interval);
        await kit.PolledAsync(2);

        kit.Time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.Equal(2, kit.Source.Fetches);
        await kit.NextPollAsync(TimeSpan.FromSeconds(0.1));
        Assert.Equal(3, kit.Source.Fetches);
    }

    [Fact]
    public async Task Poll_NotFoundRightAfterCreation_ToleratedThenDelivered()
    {
        var kit = new WatchTestKit(n => n <= 2
            ? throw new UpstreamException(UpstreamFailure.HttpStatus, "src", "not yet", 404)
            : [WatchTestKit.Task("1")], new WatchOptions { NotFoundTolerance = 2 });
        using var subscription = kit.Subscribe();
        await kit.PolledAsync(1);
        await kit.NextPollAsync(TimeSpan.FromSeconds(30));
        await kit.NextPollAsync(TimeSpan.FromSeconds(30));
        // NextPollAsync returns once the third poll has started; its snapshot is published before the poller waits again.
        await kit.PolledAsync(3);

        Assert.True(subscription.Snapshots.TryRead(out var snapshot));
        Assert.Null(snapshot.Error);
        Assert.Equal("1", snapshot.Tasks.Single().Etag);
    }

    [Fact]
    public async Task Poll_NotFoundBeyondTolerance_EndsWithNotFound()
    {
        var kit = new WatchTestKit(_ => throw new UpstreamException(UpstreamFailure.HttpStatus, "src", "gone", 404), new WatchOptions { NotFoundTolerance = 1 });
        using var subscription = kit.Subscribe();
        await kit.PolledAsync(1);
        await kit.NextPollAsync(TimeSpan.FromSeconds(30));
        await WatchTestKit.Until(() => kit.Hub.ActivePollers == 0);

        Assert.True(subscription.Snapshots.TryRead(out var snapshot));
        Assert.Equal(StatusCode.NotFound, snapshot.Error!.StatusCode);
        Assert.True(snapshot.Final);
    }

    [Fact]
    public async Task Poll_ErrorBudgetSpent_EndsWithUnavailableRetryInfoAndErrorInfo()
    {
        var kit = new WatchTestKit(_ => throw new UpstreamException(UpstreamFailure.HttpStatus, "src", "boom", 503, "SYS.0503"), new WatchOptions { ErrorBudget = 3 });
        using var subscription = kit.Subscribe();
        await kit.PolledAsync(1);
        await kit.NextPollAsync(TimeSpan.FromMinutes(1));
        await kit.NextPollAsync(TimeSpan.FromMinutes(1));
        await WatchTestKit.Until(() => kit.Hub.ActivePollers == 0);

        Assert.Equal(3, kit.Source.Fetches);
        Assert.True(subscription.Snapshots.TryRead(out var snapshot));
        var status = snapshot.Error!.GetRpcStatus()!;
        Assert.Equal((int)Code.Unavailable, status.Code);
        Assert.NotNull(status.GetDetail<RetryInfo>());
        Assert.Equal("SYS.0503", status.GetDetail<ErrorInfo>().Metadata["upstreamErrorCode"]);
    }

    [Fact]
    public async Task Poll_PermanentError_EndsAtOnce()
    {
        var kit = new WatchTestKit(_ => throw new UpstreamException(UpstreamFailure.HttpStatus, "src", "denied", 403));
        using var subscription = kit.Subscribe();
        await WatchTestKit.Until(() => kit.Hub.ActivePollers == 0);

        Assert.Equal(1, kit.Source.Fetches);
        Assert.True(subscription.Snapshots.TryRead(out var snapshot));
        Assert.Equal(StatusCode.PermissionDenied, snapshot.Error!.StatusCode);
    }

    [Fact]
    public async Task Dispose_LastWatcher_PollerStopsAfterIdleTimeoutAndPollsNoMore()
    {
        var kit = new WatchTestKit(n => [WatchTestKit.Task(n.ToString(System.Globalization.CultureInfo.InvariantCulture))], new WatchOptions { PollerIdleTimeout = TimeSpan.FromSeconds(5) });
        var subscription = kit.Subscribe();
        await kit.PolledAsync(1);

        subscription.Dispose();
        kit.Time.Advance(TimeSpan.FromSeconds(5));
        await WatchTestKit.Until(() => kit.Hub.ActivePollers == 0);
        var fetches = kit.Source.Fetches;
        kit.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(fetches, kit.Source.Fetches);
    }

    [Fact]
    public async Task Subscribe_WithinIdleTimeout_JoinsTheWarmPoller()
    {
        var kit = new WatchTestKit(_ => [WatchTestKit.Task("1")], new WatchOptions { PollerIdleTimeout = TimeSpan.FromSeconds(5) });
        kit.Subscribe().Dispose();
        await kit.PolledAsync(1);
        kit.Time.Advance(TimeSpan.FromSeconds(1));

        using var again = kit.Subscribe();

        Assert.True(again.Snapshots.TryRead(out var snapshot));
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(1, kit.Source.Fetches);
    }

    [Fact]
    public async Task Poll_TaskDone_FinalSnapshotReachesSlowWatcherAndPollerEnds()
    {
        var kit = new WatchTestKit(n => [WatchTestKit.Task(n.ToString(System.Globalization.CultureInfo.InvariantCulture), n >= 4 ? State.Succeeded : State.Running)]);
        using var slow = kit.Subscribe();
        await kit.PolledAsync(1);
        for (var i = 0; i < 3; i++)
        {
            await kit.NextPollAsync(WatchTestKit.Interval);
        }

        await WatchTestKit.Until(() => kit.Hub.ActivePollers == 0);

        // The slow watcher read nothing so far: only the newest snapshot is buffered, and it is the final one.
        Assert.True(slow.Snapshots.TryRead(out var snapshot));
        Assert.True(snapshot.Final);
        Assert.Equal(State.Succeeded, snapshot.Tasks.Single().State);
        Assert.False(slow.Snapshots.TryRead(out _));
    }

    [Fact]
    public async Task Subscribe_WhilePollerStopsForIdleness_GetsALivePoller()
    {
        // The interleaving the race needs, made to happen every time: the idle stop has decided to stop (it logs
        // event 3006 on the timer's thread) and a watcher subscribes right then, before the poller has stopped.
        WatcherInbox? late = null;
        WatchTestKit? kit = null;
        var logger = new CallbackLogger(3006, () => late = kit!.Subscribe());
        kit = new WatchTestKit(n => [WatchTestKit.Task(n.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            new WatchOptions { PollerIdleTimeout = TimeSpan.FromSeconds(1) }, logger);
        kit.Subscribe().Dispose();
        await kit.PolledAsync(1);

        // Shorter than the poll interval: only the idle timer fires.
        kit.Time.Advance(TimeSpan.FromSeconds(1));
        using var subscription = late;

        // The late watcher has a running poller of its own, which goes on polling and publishing.
        Assert.NotNull(subscription);
        Assert.Equal(1, kit.Hub.ActivePollers);
        Assert.Equal(1, kit.Hub.SubscribersOf(kit.Key));
        await WatchTestKit.Until(() => kit.Source.Fetches >= 2 && kit.Observer.WaitsOf(kit.Key) >= 2);
        kit.Time.Advance(WatchTestKit.Interval);
        await WatchTestKit.Until(() => subscription!.Snapshots.TryPeek(out var s) && s.Version == 2);
    }

    // Runs an action, on the logging thread, when the given event is logged.
    private sealed class CallbackLogger(int eventId, Action action) : Microsoft.Extensions.Logging.ILogger<WatchHub>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId id, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (id.Id == eventId)
            {
                action();
            }
        }
    }

    [Fact]
    public async Task Coordination_FollowerThenLeader_PublishesSharedStatesOnceEachAndPollsOnlyWhenLeading()
    {
        var coordination = new ScriptedCoordination();
        var kit = new WatchTestKit(_ => [WatchTestKit.Task("b")], coordination: coordination);
        var hub = kit.Hub;
        using var subscription = hub.Subscribe(kit.Key, () => kit.Source, WatchTestKit.Interval, WatchTestKit.Interval);

        // A follower: the leader's states arrive; the same state twice is published once; it never polls.
        coordination.Received!(new SharedSnapshot([WatchTestKit.Task("a")], Final: false, Failed: false));
        coordination.Received!(new SharedSnapshot([WatchTestKit.Task("a")], Final: false, Failed: false));
        await WatchTestKit.Until(() => kit.Observer.VersionOf(kit.Key) == 1 && coordination.Waiting);
        kit.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, kit.Source.Fetches);

        // The leader goes; this replica leads and polls: its first poll, a new state, is published and shared.
        coordination.Lead();
        await WatchTestKit.Until(() => kit.Observer.VersionOf(kit.Key) == 2 && coordination.Shared.Count == 1);

        Assert.True(subscription.Snapshots.TryRead(out var latest));
        Assert.Equal("b", latest.Tasks.Single().Etag);
        Assert.Equal("b", coordination.Shared.Single().Etag);
    }

    // A coordination the test drives: who leads, and what the leader shared.
    private sealed class ScriptedCoordination : IPollCoordination, IPollMembership
    {
        private readonly TaskCompletionSource _lead = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Leading => _lead.Task.IsCompleted;

        public void Lead() => _lead.TrySetResult();

        public Action<SharedSnapshot>? Received { get; private set; }

        public System.Collections.Concurrent.ConcurrentQueue<CloudTask> Shared { get; } = new();

        public bool ShouldPoll => Leading;

        // Set once the poller, told not to poll, waits for its turn: only then does "no fetch" say it obeyed.
        public volatile bool Waiting;

        public Task WaitToPollAsync(CancellationToken cancellationToken)
        {
            Waiting = true;
            return _lead.Task.WaitAsync(cancellationToken);
        }

        public IPollMembership Join(PollerKey key, Action<SharedSnapshot> received)
        {
            Received = received;
            return this;
        }

        public void Share(IReadOnlyList<CloudTask> tasks, bool changed, bool final)
        {
            if (changed)
            {
                foreach (var task in tasks)
                {
                    Shared.Enqueue(task);
                }
            }
        }

        public void ShareFailure()
        {
        }

        public void Dispose()
        {
        }
    }
}
