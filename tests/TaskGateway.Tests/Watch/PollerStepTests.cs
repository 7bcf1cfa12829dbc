using Grpc.Core;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Watch;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.Tests.Watch;

/// <summary>
/// A poller's two steps on their own, with no poll loop running: the outcome of one poll per result it reads
/// (<see cref="Poller.PollOnceAsync"/>), and what acting on an outcome does (<see cref="Poller.ActOn"/>).
/// </summary>
public class PollerStepTests
{
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    private static UpstreamException Http(int status, TimeSpan? retryAfter = null) =>
        new(UpstreamFailure.HttpStatus, "src", "boom", status, retryAfter: retryAfter);

    // A poller whose backoff takes the low end of its jitter (random 0): after a change or an error the minimum interval.
    private static (Poller Poller, WatchTestKit Kit, List<Poller> Stopped) Poller(Func<int, IReadOnlyList<CloudTask>> script, WatchOptions? options = null,
        IPollCoordination? coordination = null)
    {
        var kit = new WatchTestKit(script, options, coordination: coordination);
        var stopped = new List<Poller>();
        var schedule = new PollSchedule(WatchTestKit.Interval, Max, kit.Options.ThrottleDelay, () => 0);
        return (new Poller(kit.Key, kit.Source, schedule, kit.Services, stopped.Add), kit, stopped);
    }

    [Fact]
    public async Task PollOnceAsync_FirstRead_ChangedWithTheTasks()
    {
        var (poller, _, _) = Poller(_ => [WatchTestKit.Task("a")]);

        var outcome = await poller.PollOnceAsync(CancellationToken.None);

        Assert.Equal(PollOutcomeKind.Changed, outcome.Kind);
        Assert.True(outcome.Changed);
        Assert.Equal("a", outcome.Tasks.Single().Etag);
    }

    [Fact]
    public async Task PollOnceAsync_SameTasksAsPublished_Unchanged()
    {
        var (poller, _, _) = Poller(_ => [WatchTestKit.Task("a")]);
        poller.ActOn(await poller.PollOnceAsync(CancellationToken.None));

        var outcome = await poller.PollOnceAsync(CancellationToken.None);

        Assert.Equal(PollOutcomeKind.Unchanged, outcome.Kind);
        Assert.False(outcome.Changed);
    }

    [Fact]
    public async Task PollOnceAsync_TaskDone_Final()
    {
        var (poller, _, _) = Poller(_ => [WatchTestKit.Task("a", State.Succeeded)]);

        var outcome = await poller.PollOnceAsync(CancellationToken.None);

        Assert.Equal(PollOutcomeKind.Final, outcome.Kind);
        Assert.True(outcome.Changed);
    }

    [Fact]
    public async Task PollOnceAsync_NotFoundBeforeFirstSeen_NotYetSeenUpToTheToleranceThenGaveUp()
    {
        var (poller, _, _) = Poller(_ => throw Http(404), new WatchOptions { NotFoundTolerance = 2 });

        var first = await poller.PollOnceAsync(CancellationToken.None);
        var second = await poller.PollOnceAsync(CancellationToken.None);
        var third = await poller.PollOnceAsync(CancellationToken.None);

        Assert.Equal([PollOutcomeKind.NotYetSeen, PollOutcomeKind.NotYetSeen, PollOutcomeKind.GaveUp], [first.Kind, second.Kind, third.Kind]);
        Assert.Equal(StatusCode.NotFound, third.Error!.StatusCode);
    }

    [Fact]
    public async Task PollOnceAsync_NotFoundOnceSeen_GaveUp()
    {
        var (poller, _, _) = Poller(n => n == 1 ? [WatchTestKit.Task("a")] : throw Http(404));
        poller.ActOn(await poller.PollOnceAsync(CancellationToken.None));

        var outcome = await poller.PollOnceAsync(CancellationToken.None);

        Assert.Equal(PollOutcomeKind.GaveUp, outcome.Kind);
    }

    [Fact]
    public async Task PollOnceAsync_UnavailableUntilTheBudgetIsSpent_TransientErrorThenGaveUp()
    {
        var (poller, _, _) = Poller(_ => throw Http(503), new WatchOptions { ErrorBudget = 2 });

        var first = await poller.PollOnceAsync(CancellationToken.None);
        poller.ActOn(first);
        var second = await poller.PollOnceAsync(CancellationToken.None);

        Assert.Equal(PollOutcomeKind.TransientError, first.Kind);
        Assert.Equal(StatusCode.Unavailable, first.Error!.StatusCode);
        Assert.Equal(PollOutcomeKind.GaveUp, second.Kind);
    }

    [Fact]
    public async Task PollOnceAsync_PermanentFailure_GaveUpAtOnce()
    {
        var (poller, _, _) = Poller(_ => throw Http(403));

        var outcome = await poller.PollOnceAsync(CancellationToken.None);

        Assert.Equal(PollOutcomeKind.GaveUp, outcome.Kind);
        Assert.NotEqual(StatusCode.Unavailable, outcome.Error!.StatusCode);
    }

    [Fact]
    public async Task PollOnceAsync_Throttled_TransientErrorCarryingRetryAfter()
    {
        var (poller, _, _) = Poller(_ => throw Http(429, TimeSpan.FromSeconds(7)));

        var outcome = await poller.PollOnceAsync(CancellationToken.None);

        Assert.Equal(PollOutcomeKind.TransientError, outcome.Kind);
        Assert.True(outcome.Throttled);
        Assert.Equal(TimeSpan.FromSeconds(7), outcome.RetryAfter);
    }

    [Fact]
    public async Task PollOnceAsync_StoppedDuringThePoll_Stopped()
    {
        using var stop = new CancellationTokenSource();
        var (poller, _, _) = Poller(_ =>
        {
            stop.Cancel();
            throw new OperationCanceledException(stop.Token);
        });

        var outcome = await poller.PollOnceAsync(stop.Token);

        Assert.Equal(PollOutcomeKind.Stopped, outcome.Kind);
    }

    [Fact]
    public async Task ActOn_Changed_PublishesToWatchersAndPollsAgainAtTheMinimumInterval()
    {
        var (poller, _, stopped) = Poller(_ => [WatchTestKit.Task("a")]);
        using var subscription = new WatcherInbox();
        poller.TryAttach(subscription);

        var delay = poller.ActOn(await poller.PollOnceAsync(CancellationToken.None));

        Assert.Equal(WatchTestKit.Interval, delay);
        Assert.True(subscription.Snapshots.TryRead(out var snapshot));
        Assert.Equal(1, snapshot.Version);
        Assert.False(snapshot.Final);
        Assert.Empty(stopped);
    }

    [Fact]
    public async Task ActOn_Unchanged_PublishesNothing()
    {
        var (poller, _, _) = Poller(_ => [WatchTestKit.Task("a")]);
        using var subscription = new WatcherInbox();
        poller.TryAttach(subscription);
        poller.ActOn(await poller.PollOnceAsync(CancellationToken.None));
        subscription.Snapshots.TryRead(out _);

        var delay = poller.ActOn(await poller.PollOnceAsync(CancellationToken.None));

        Assert.NotNull(delay);
        Assert.False(subscription.Snapshots.TryRead(out _));
    }

    [Fact]
    public async Task ActOn_Final_PublishesAFinalSnapshotAndStops()
    {
        var (poller, kit, stopped) = Poller(_ => [WatchTestKit.Task("a", State.Succeeded)]);
        using var subscription = new WatcherInbox();
        poller.TryAttach(subscription);

        var delay = poller.ActOn(await poller.PollOnceAsync(CancellationToken.None));

        Assert.Null(delay);
        Assert.True(subscription.Snapshots.TryRead(out var snapshot));
        Assert.True(snapshot.Final);
        Assert.Same(poller, Assert.Single(stopped));
        Assert.False(poller.TryAttach(new WatcherInbox()));
        Assert.Equal(1, kit.Observer.VersionOf(kit.Key));
    }

    [Fact]
    public async Task ActOn_GaveUp_PublishesTheErrorWithTheLastTasksAndStops()
    {
        var (poller, _, stopped) = Poller(n => n == 1 ? [WatchTestKit.Task("a")] : throw Http(403));
        using var subscription = new WatcherInbox();
        poller.TryAttach(subscription);
        poller.ActOn(await poller.PollOnceAsync(CancellationToken.None));

        var delay = poller.ActOn(await poller.PollOnceAsync(CancellationToken.None));

        Assert.Null(delay);
        Assert.True(subscription.Snapshots.TryRead(out var snapshot));
        Assert.Equal(2, snapshot.Version);
        Assert.True(snapshot.Final);
        Assert.NotNull(snapshot.Error);
        Assert.Equal("a", snapshot.Tasks.Single().Etag);
        Assert.Same(poller, Assert.Single(stopped));
    }

    [Fact]
    public async Task ActOn_TransientError_PublishesNothingAndWaitsAtLeastRetryAfter()
    {
        var (poller, _, stopped) = Poller(_ => throw Http(429, TimeSpan.FromSeconds(7)));
        using var subscription = new WatcherInbox();
        poller.TryAttach(subscription);

        var delay = poller.ActOn(await poller.PollOnceAsync(CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(7), delay);
        Assert.False(subscription.Snapshots.TryRead(out _));
        Assert.Empty(stopped);
    }

    [Fact]
    public void ActOn_Stopped_StopsWithoutPublishing()
    {
        var (poller, _, stopped) = Poller(_ => [WatchTestKit.Task("a")]);
        using var subscription = new WatcherInbox();
        poller.TryAttach(subscription);

        Assert.Null(poller.ActOn(PollOutcome.Stopped));
        Assert.False(subscription.Snapshots.TryRead(out _));
        Assert.Empty(stopped);
    }

    [Fact]
    public async Task ActOn_SharingTheResultFails_ActsAsOnAFailedPollAndTellsTheWatchers()
    {
        var (poller, _, stopped) = Poller(_ => [WatchTestKit.Task("a")], coordination: new FailingShare());
        using var subscription = new WatcherInbox();
        poller.TryAttach(subscription);

        var delay = poller.ActOn(await poller.PollOnceAsync(CancellationToken.None));

        // The change went out before sharing failed; then the failure, as the crash of a poll (INTERNAL), ends the poller.
        Assert.Null(delay);
        Assert.True(subscription.Snapshots.TryRead(out var snapshot));
        Assert.Equal(2, snapshot.Version);
        Assert.Equal(StatusCode.Internal, snapshot.Error!.StatusCode);
        Assert.Same(poller, Assert.Single(stopped));
    }

    // A coordination whose sharing fails (the poller leads, so it polls).
    private sealed class FailingShare : IPollCoordination, IPollMembership
    {
        public bool ShouldPoll => true;

        public IPollMembership Join(PollerKey key, Action<SharedSnapshot> received) => this;

        public Task WaitToPollAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Share(IReadOnlyList<CloudTask> tasks, bool changed, bool final) => throw new InvalidOperationException("share failed");

        public void ShareFailure()
        {
        }

        public void Dispose()
        {
        }
    }
}
