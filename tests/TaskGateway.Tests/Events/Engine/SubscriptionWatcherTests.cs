using System.Text.Json;
using TaskGateway.Core.Errors;
using TaskGateway.Events;
using TaskGateway.Events.Engine;
using TaskGateway.Tests.Watch;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.Tests.Events.Engine;

public class SubscriptionWatcherTests
{
    private static readonly string T1 = EngineTestKit.TaskName("t1");

    [Fact]
    public async Task TaskTarget_UntilMatches_EnqueuesMatchedOnceAndStopsWatching()
    {
        await using var kit = new EngineTestKit();
        kit.Store.Add(EngineTestKit.TaskSubscription("s1", "t1", until: "state = RUNNING"));
        kit.Backend.Serve(EngineTestKit.Task("t1", "a"));

        await kit.StartAsync();
        await WatchTestKit.Until(() => kit.Store.EnqueuedSnapshot().Count == 1);
        await WatchTestKit.Until(() => kit.Watcher.Watched.Count == 0 && kit.Watch.Hub.SubscribersOf(EngineTestKit.KeyOf(T1)) == 0);

        // Later states of the task, and a refresh of the subscriptions, bring no second event.
        kit.Backend.Serve(EngineTestKit.Task("t1", "b"));
        await kit.NextPollAsync(EngineTestKit.KeyOf(T1));
        var refreshes = kit.Store.CallsOf("ListWatchingAsync");
        kit.Time.Advance(kit.Options.RefreshInterval);
        await WatchTestKit.Until(() => kit.Store.CallsOf("ListWatchingAsync") > refreshes);

        var e = Assert.Single(kit.Store.EnqueuedSnapshot());
        Assert.Equal(EventTypes.Matched, e.Type);
        Assert.True(e.Final);
        Assert.Equal(T1, e.Subject);
        Assert.Equal($"{T1}\na", e.DedupeKey);
        Assert.Equal(kit.Time.GetUtcNow() - kit.Options.RefreshInterval - EngineTestKit.PollInterval, e.Time);
        Assert.Empty(kit.Watcher.Watched);
    }

    [Fact]
    public async Task Refresh_OwnerRefused_NotWatchedAndLeftAsItWas()
    {
        await using var kit = new EngineTestKit();
        kit.Store.Add(EngineTestKit.TaskSubscription("s1", "t1"));
        kit.Store.Add(EngineTestKit.TaskSubscription("s2", "t2"));
        kit.Owners.Refused["s1"] = "its owner's API key 'k' is not configured";
        kit.Backend.Serve(EngineTestKit.Task("t1", "a"), EngineTestKit.Task("t2", "a"));

        await kit.StartAsync();
        await kit.PolledAsync(EngineTestKit.KeyOf(EngineTestKit.TaskName("t2")), 1);

        // s2's owner is accepted: watched and polled. s1's is refused: not watched, and left as it was in the store.
        Assert.Equal(["s2"], kit.Watcher.Watched);
        Assert.Equal(0, kit.Watch.Hub.SubscribersOf(EngineTestKit.KeyOf(T1)));
        Assert.Equal(TaskGateway.Contracts.V1.Subscription.Types.State.Active, kit.Store.Get("s1").State);
        Assert.Null(kit.Store.Get("s1").LastDelivery);
        Assert.Equal(["s1"], kit.Suspensions.Suspended);
    }

    [Fact]
    public async Task TaskTarget_NoUntil_MatchesOnceDone()
    {
        await using var kit = new EngineTestKit();
        kit.Store.Add(EngineTestKit.TaskSubscription("s1", "t1"));
        kit.Backend.Serve(EngineTestKit.Task("t1", "a"));

        await kit.StartAsync();
        await kit.PolledAsync(EngineTestKit.KeyOf(T1), 1);
        kit.Backend.Serve(EngineTestKit.Task("t1", "b", State.Succeeded));
        await kit.NextPollAsync(EngineTestKit.KeyOf(T1));
        await WatchTestKit.Until(() => kit.Store.EnqueuedSnapshot().Count == 1 && kit.Watcher.Watched.Count == 0);

        var e = Assert.Single(kit.Store.EnqueuedSnapshot());
        Assert.Equal(EventTypes.Matched, e.Type);
        Assert.Equal($"{T1}\nb", e.DedupeKey);
        Assert.Equal("SUCCEEDED", JsonDocument.Parse(e.Data).RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task TaskTarget_EndsWithoutMatching_EnqueuesUnreachable()
    {
        await using var kit = new EngineTestKit();
        kit.Store.Add(EngineTestKit.TaskSubscription("s1", "t1", until: "state = SUCCEEDED"));
        kit.Backend.Serve(EngineTestKit.Task("t1", "a"));

        await kit.StartAsync();
        await kit.PolledAsync(EngineTestKit.KeyOf(T1), 1);
        kit.Backend.Serve(EngineTestKit.Task("t1", "b", State.Failed));
        await kit.NextPollAsync(EngineTestKit.KeyOf(T1));
        await WatchTestKit.Until(() => kit.Store.EnqueuedSnapshot().Count == 1 && kit.Watcher.Watched.Count == 0);

        var e = Assert.Single(kit.Store.EnqueuedSnapshot());
        Assert.Equal(EventTypes.Unreachable, e.Type);
        Assert.True(e.Final);
        Assert.Equal("FAILED", JsonDocument.Parse(e.Data).RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task TaskTarget_GoneForGood_EnqueuesUnreachableWithLastSeenState()
    {
        await using var kit = new EngineTestKit();
        kit.Store.Add(EngineTestKit.TaskSubscription("s1", "t1"));
        kit.Backend.Serve(EngineTestKit.Task("t1", "a"));

        await kit.StartAsync();
        await kit.PolledAsync(EngineTestKit.KeyOf(T1), 1);
        kit.Backend.Fail(() => new UpstreamException(UpstreamFailure.HttpStatus, "src", "No such task.", httpStatus: 404));
        await kit.NextPollAsync(EngineTestKit.KeyOf(T1));
        await WatchTestKit.Until(() => kit.Store.EnqueuedSnapshot().Count == 1 && kit.Watcher.Watched.Count == 0);

        var e = Assert.Single(kit.Store.EnqueuedSnapshot());
        Assert.Equal(EventTypes.Unreachable, e.Type);
        Assert.Equal($"{T1}\na", e.DedupeKey);
    }

    [Fact]
    public async Task Collection_NewSubscription_BaselineThenMatchingAdditionsAndChangesOnly()
    {
        await using var kit = new EngineTestKit();
        kit.Store.Add(EngineTestKit.CollectionSubscription("s1", filter: "state = FAILED"));
        kit.Backend.Serve(EngineTestKit.Task("t1", "a"), EngineTestKit.Task("t2", "x", State.Failed));
        var key = EngineTestKit.KeyOf(EngineTestKit.Parent);

        await kit.StartAsync();
        await WatchTestKit.Until(() => kit.Store.View("s1") is { Count: 2 });
        Assert.Empty(kit.Store.EnqueuedSnapshot());

        // t1 changes into a match, t2 is unchanged, t3 is added without matching, t4 is added matching.
        kit.Backend.Serve(EngineTestKit.Task("t1", "b", State.Failed), EngineTestKit.Task("t2", "x", State.Failed),
            EngineTestKit.Task("t3", "c"), EngineTestKit.Task("t4", "d", State.Failed));
        await kit.NextPollAsync(key);
        await WatchTestKit.Until(() => kit.Store.View("s1") is { Count: 4 });

        var events = kit.Store.EnqueuedSnapshot();
        Assert.Equal([EngineTestKit.TaskName("t1"), EngineTestKit.TaskName("t4")], events.Select(e => e.Subject));
        Assert.All(events, e => Assert.Equal(EventTypes.Changed, e.Type));
        Assert.All(events, e => Assert.False(e.Final));
        Assert.Equal("b", kit.Store.View("s1")!["sources/src/accounts/a/tasks/t1"]);
    }

    [Fact]
    public async Task Collection_StoredView_ChangesSinceComeOutAsEvents()
    {
        await using var kit = new EngineTestKit();
        kit.Store.Add(EngineTestKit.CollectionSubscription("s1"));
        await kit.Store.SaveViewAsync("s1", new Dictionary<string, string> { [EngineTestKit.TaskName("t1")] = "a", [EngineTestKit.TaskName("t2")] = "x" }, CancellationToken.None);
        kit.Backend.Serve(EngineTestKit.Task("t1", "b"), EngineTestKit.Task("t2", "x"), EngineTestKit.Task("t3", "c"));

        await kit.StartAsync();
        await WatchTestKit.Until(() => kit.Store.View("s1") is { Count: 3 });

        Assert.Equal([$"{EngineTestKit.TaskName("t1")}\nb", $"{EngineTestKit.TaskName("t3")}\nc"], kit.Store.EnqueuedSnapshot().Select(e => e.DedupeKey));
    }

    [Fact]
    public async Task Deleted_HereOrOnAnotherReplica_StopsWatching()
    {
        await using var kit = new EngineTestKit();
        kit.Store.Add(EngineTestKit.TaskSubscription("s1", "t1"));
        kit.Store.Add(EngineTestKit.TaskSubscription("s2", "t2"));
        kit.Backend.Serve(EngineTestKit.Task("t1", "a"), EngineTestKit.Task("t2", "a"));

        await kit.StartAsync();
        // The subscriptions join the pollers WatchTask would use for these tasks.
        await WatchTestKit.Until(() => kit.Watch.Hub.SubscribersOf(EngineTestKit.KeyOf(T1)) == 1 && kit.Watch.Hub.SubscribersOf(EngineTestKit.KeyOf(EngineTestKit.TaskName("t2"))) == 1);

        // As DeleteSubscription does: deleted from the store, then this replica's engine told.
        await kit.Store.DeleteAsync("s1", string.Empty, CancellationToken.None);
        kit.Changes.Deleted("s1");
        await WatchTestKit.Until(() => kit.Watch.Hub.SubscribersOf(EngineTestKit.KeyOf(T1)) == 0);
        Assert.Equal(["s2"], kit.Watcher.Watched);

        await kit.Store.DeleteAsync("s2", string.Empty, CancellationToken.None);
        kit.Time.Advance(kit.Options.RefreshInterval);
        await WatchTestKit.Until(() => kit.Store.CallsOf("ListWatchingAsync") == 2);
        Assert.Empty(kit.Watcher.Watched);
        await WatchTestKit.Until(() => kit.Watch.Hub.SubscribersOf(EngineTestKit.KeyOf(EngineTestKit.TaskName("t2"))) == 0);
    }

    [Fact]
    public async Task Created_OnThisReplica_WatchedAtOnce()
    {
        await using var kit = new EngineTestKit();
        kit.Backend.Serve(EngineTestKit.Task("t1", "a", State.Succeeded));
        await kit.StartAsync();
        await WatchTestKit.Until(() => kit.Store.CallsOf("ListWatchingAsync") == 1);

        var created = EngineTestKit.TaskSubscription("s1", "t1");
        kit.Store.Add(created);
        kit.Changes.Created(created);

        await WatchTestKit.Until(() => kit.Store.EnqueuedSnapshot().Count == 1);
        Assert.Equal(1, kit.Store.CallsOf("ListWatchingAsync"));
    }

    [Fact]
    public async Task StoreUnavailable_AtStart_WatchesOnceItIsBack()
    {
        await using var kit = new EngineTestKit();
        kit.Store.Add(EngineTestKit.TaskSubscription("s1", "t1"));
        kit.Backend.Serve(EngineTestKit.Task("t1", "a", State.Succeeded));
        kit.Store.Unavailable = true;

        await kit.StartAsync();
        await WatchTestKit.Until(() => kit.Store.Refused >= 1);
        Assert.Empty(kit.Watcher.Watched);

        kit.Store.Unavailable = false;
        // The refusal is counted before the watcher starts its pause on the fake clock: moving the clock once could come
        // before the pause exists (seen in CI). Move it until the watcher has read the store again and enqueued.
        await WatchTestKit.Until(() =>
        {
            kit.Time.Advance(Backoff.First);
            return kit.Store.EnqueuedSnapshot().Count == 1;
        });
    }

    [Fact]
    public async Task Start_EventsDisabled_ReturnsAtOnceTouchingNothing()
    {
        await using var kit = new EngineTestKit(new EventsOptions { Enabled = false });
        kit.Store.Add(EngineTestKit.TaskSubscription("s1", "t1"));

        await kit.StartAsync();
        await WatchTestKit.Until(() => kit.Watcher.ExecuteTask!.IsCompleted);

        Assert.True(kit.Watcher.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Empty(kit.Store.Calls);
    }
}
