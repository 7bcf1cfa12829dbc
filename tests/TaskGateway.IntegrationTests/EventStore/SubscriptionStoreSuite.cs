using TaskGateway.Contracts.V1;
using TaskGateway.Events.Store;
using static TaskGateway.IntegrationTests.EventStore.StoreData;

namespace TaskGateway.IntegrationTests.EventStore;

/// <summary>
/// One suite for every store: each database runs it as a subclass that says how to open a store on a fresh database
/// of its own. Two stores opened by one test share that database, as two replicas (or a restarted gateway) would.
/// </summary>
public abstract class SubscriptionStoreSuite : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private readonly List<ISubscriptionStore> _stores = [];

    private protected string Owner { get; } = NewOwner();

    [SkippableFact]
    public async Task GetAsync_OwnerAndOtherOwner_OwnerSeesTheRecordOtherSeesNothing()
    {
        var store = await OpenStoreAsync();
        var created = NewSubscription(Owner);

        Assert.True(await store.TryCreateAsync(created, 10, default));

        Assert.Equal(created, await store.GetAsync(created.Id, Owner, default));
        Assert.Null(await store.GetAsync(created.Id, NewOwner(), default));
        Assert.Null(await store.GetAsync(NewId(), Owner, default));
    }

    [SkippableFact]
    public async Task ListAsync_PagesAfterAnId_OwnersRecordsInIdOrder()
    {
        var store = await OpenStoreAsync();
        var mine = Enumerable.Range(0, 5).Select(_ => NewSubscription(Owner)).ToList();
        // Created out of order, and another owner's in between: the list is by id, and only the owner's.
        foreach (var s in mine.AsEnumerable().Reverse())
        {
            Assert.True(await store.TryCreateAsync(s, 10, default));
            Assert.True(await store.TryCreateAsync(NewSubscription(NewOwner()), 10, default));
        }

        var first = await store.ListAsync(Owner, string.Empty, 3, default);
        var rest = await store.ListAsync(Owner, first[^1].Id, 3, default);

        Assert.Equal(mine.Take(3).Select(s => s.Id), first.Select(s => s.Id));
        Assert.Equal(mine.Skip(3).Select(s => s.Id), rest.Select(s => s.Id));
        Assert.Empty(await store.ListAsync(NewOwner(), string.Empty, 10, default));
    }

    [SkippableFact]
    public async Task DeleteAsync_OtherOwnerThenOwner_OtherChangesNothingOwnerRemovesItAndItsEvents()
    {
        var store = await OpenStoreAsync();
        var s = NewSubscription(Owner);
        await store.TryCreateAsync(s, 10, default);
        Assert.True(await store.EnqueueAsync(Event(s.Id, "a"), T0, default));

        Assert.False(await store.DeleteAsync(s.Id, NewOwner(), default));
        Assert.Equal(1, (await store.StatsAsync(T0, default)).Pending);
        Assert.True(await store.DeleteAsync(s.Id, Owner, default));

        Assert.Null(await store.GetAsync(s.Id, Owner, default));
        Assert.Equal(0, (await store.StatsAsync(T0, default)).Pending);
        Assert.Empty(await store.ClaimDueAsync("r1", T0, Lease, 10, 10, [], default));
        Assert.False(await store.DeleteAsync(s.Id, Owner, default));
    }

    [SkippableFact]
    public async Task TryCreateAsync_AtTheLimitOfActiveOnes_ReturnsFalseAndOtherOwnersStillCreate()
    {
        var store = await OpenStoreAsync();
        Assert.True(await store.TryCreateAsync(NewSubscription(Owner), 2, default));
        Assert.True(await store.TryCreateAsync(NewSubscription(Owner) with { State = Subscription.Types.State.Completed }, 2, default));

        // Only ACTIVE subscriptions count: the completed one leaves room for a second active one, and no third.
        Assert.True(await store.TryCreateAsync(NewSubscription(Owner), 2, default));
        Assert.False(await store.TryCreateAsync(NewSubscription(Owner), 2, default));
        Assert.True(await store.TryCreateAsync(NewSubscription(NewOwner()), 2, default));
        Assert.Equal(3, (await store.ListAsync(Owner, string.Empty, 10, default)).Count);
    }

    [SkippableFact]
    public async Task TryCreateAsync_ConcurrentCreatesOnThreeStoresPastTheLimit_ExactlyTheLimitSucceed()
    {
        var stores = new[] { await OpenStoreAsync(), await OpenStoreAsync(), await OpenStoreAsync() };
        const int limit = 20;
        // Every store's connections are open (and pooled) before the gate opens, so that the creates really overlap.
        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => stores[i % 3].PingAsync(default)));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var creates = Enumerable.Range(0, 60).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return await stores[i % 3].TryCreateAsync(NewSubscription(Owner), limit, default);
        })).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(creates);

        Assert.Equal(limit, results.Count(r => r));
        Assert.Equal(limit, (await stores[0].ListAsync(Owner, string.Empty, 100, default)).Count);
    }

    [SkippableFact]
    public async Task EnqueueAsync_SameKeyTwice_InsertsOnce()
    {
        var store = await OpenStoreAsync();
        var s = await CreatedAsync(store, task: false);

        Assert.True(await store.EnqueueAsync(Event(s.Id, "task-1@etag-1"), T0, default));
        Assert.False(await store.EnqueueAsync(Event(s.Id, "task-1@etag-1"), T0, default));
        Assert.True(await store.EnqueueAsync(Event(s.Id, "task-1@etag-2"), T0, default));

        Assert.Equal(2, (await store.StatsAsync(T0, default)).Pending);
    }

    [SkippableFact]
    public async Task EnqueueAsync_PastThePendingCap_DisablesTheSubscriptionAndDropsItsEvents()
    {
        var store = await OpenStoreAsync();
        ((SqlSubscriptionStore)store).PendingCap = 3;
        var s = await CreatedAsync(store, task: false);
        var other = await CreatedAsync(store, task: false);
        Assert.True(await store.EnqueueAsync(Event(other.Id, "task-1@etag-1"), T0, default));
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await store.EnqueueAsync(Event(s.Id, $"task-1@etag-{i}"), T0, default));
        }

        Assert.False(await store.EnqueueAsync(Event(s.Id, "task-1@etag-3"), T0, default));

        var disabled = (await store.GetAsync(s.Id, Owner, default))!;
        Assert.Equal(Contracts.V1.Subscription.Types.State.Disabled, disabled.State);
        Assert.Contains("fell 3 events behind", disabled.LastDelivery!.Error, StringComparison.Ordinal);
        Assert.Equal(1, (await store.StatsAsync(T0, default)).Pending);
        Assert.Equal(Contracts.V1.Subscription.Types.State.Active, (await store.GetAsync(other.Id, Owner, default))!.State);
    }

    [SkippableFact]
    public async Task EnqueueAsync_SameKeyConcurrentlyFromTwoStores_OneInserts()
    {
        var stores = new[] { await OpenStoreAsync(), await OpenStoreAsync() };
        var subscriptions = new List<SubscriptionRecord>();
        for (var i = 0; i < 10; i++)
        {
            subscriptions.Add(await CreatedAsync(stores[0], task: i % 2 == 0));
        }

        // Every replica sees every match, a final one for the task subscriptions: each is added exactly once.
        var results = await Task.WhenAll(subscriptions.SelectMany(s => Enumerable.Range(0, 4).Select(i =>
            Task.Run(() => stores[i % 2].EnqueueAsync(Event(s.Id, "task@etag-1", final: s.TaskTarget), T0, default)))));

        Assert.Equal(subscriptions.Count, results.Count(r => r));
        Assert.Equal(subscriptions.Count, (await stores[1].StatsAsync(T0, default)).Pending);
    }

    [SkippableFact]
    public async Task EnqueueAsync_DifferentFinalEventsConcurrentlyFromThreeStores_OneIsAddedPerSubscription()
    {
        var stores = new[] { await OpenStoreAsync(), await OpenStoreAsync(), await OpenStoreAsync() };
        var subscriptions = new List<SubscriptionRecord>();
        for (var i = 0; i < 10; i++)
        {
            subscriptions.Add(await CreatedAsync(stores[0], task: true));
        }

        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => stores[i % 3].PingAsync(default)));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Replicas saw different states match (different etags): still only the first becomes the task's one event.
        var enqueues = subscriptions.SelectMany(s => Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return await stores[i % 3].EnqueueAsync(Event(s.Id, $"etag-{i}", final: true), T0, default);
        }))).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(enqueues);

        Assert.Equal(subscriptions.Count, results.Count(r => r));
        Assert.Equal(subscriptions.Count, (await stores[1].StatsAsync(T0, default)).Pending);
    }

    [SkippableFact]
    public async Task EnqueueAsync_FinalEvent_StopsWatchingAndRefusesAnotherFinal()
    {
        var store = await OpenStoreAsync();
        var task = await CreatedAsync(store, task: true);
        var collection = await CreatedAsync(store, task: false);
        Assert.Equal(new[] { task.Id, collection.Id }, (await store.ListWatchingAsync(default)).Select(s => s.Id).Where(Mine(task, collection)));

        Assert.True(await store.EnqueueAsync(Event(task.Id, "etag-1", final: true), T0, default));
        // Another replica saw a later state match: the task's one event is already in the outbox.
        Assert.False(await store.EnqueueAsync(Event(task.Id, "etag-2", final: true), T0, default));

        Assert.False((await store.GetAsync(task.Id, Owner, default))!.Watching);
        Assert.Equal(new[] { collection.Id }, (await store.ListWatchingAsync(default)).Select(s => s.Id).Where(Mine(task, collection)));
        Assert.Equal(1, (await store.StatsAsync(T0, default)).Pending);
    }

    [SkippableFact]
    public async Task EnqueueAsync_MissingOrNotActiveSubscription_AddsNothing()
    {
        var store = await OpenStoreAsync();
        var disabled = NewSubscription(Owner, task: false) with { State = Subscription.Types.State.Disabled };
        await store.TryCreateAsync(disabled, 10, default);

        Assert.False(await store.EnqueueAsync(Event(disabled.Id, "a"), T0, default));
        Assert.False(await store.EnqueueAsync(Event(NewId(), "a"), T0, default));
        Assert.Empty(await store.ListWatchingAsync(default));
    }

    [SkippableFact]
    public async Task ClaimDueAsync_SeveralEventsPerSubscription_ClaimsOnlyHeadsInOrder()
    {
        var store = await OpenStoreAsync();
        var a = await CreatedAsync(store, task: false);
        var b = await CreatedAsync(store, task: false);
        var a1 = Event(a.Id, "1");
        var b1 = Event(b.Id, "1");
        var a2 = Event(a.Id, "2");
        foreach (var e in new[] { a1, b1, a2 })
        {
            Assert.True(await store.EnqueueAsync(e, T0, default));
        }

        var first = await store.ClaimDueAsync("r1", T0, Lease, 10, 10, [], default);
        Assert.Equal(new[] { a1, b1 }, first.Select(c => c.Event));
        Assert.Equal(a, first[0].Subscription);
        Assert.Equal(0, first[0].AttemptsBefore);
        Assert.Equal(T0 + Lease, first[0].LeaseUntil);
        // While a's head is leased, a is skipped: its second event waits for its first.
        Assert.Empty(await store.ClaimDueAsync("r1", T0, Lease, 10, 10, [], default));

        Assert.True(await store.CompleteAsync(first[0], Attempt(T0, 204), default));
        var second = await store.ClaimDueAsync("r1", T0, Lease, 10, 10, [], default);
        Assert.Equal(new[] { a2 }, second.Select(c => c.Event));
    }

    [SkippableFact]
    public async Task ClaimDueAsync_OneOwnersEventsEnqueuedFirst_OwnersTakeTurns()
    {
        var store = await OpenStoreAsync();
        var other = NewOwner();
        var mine = await EnqueuedHeadsAsync(store, Owner, 4);
        var theirs = await EnqueuedHeadsAsync(store, other, 2);

        var claimed = await store.ClaimDueAsync("r1", T0, Lease, 4, 4, [], default);

        // Not the four oldest (all the first owner's): each owner's oldest, then each one's second.
        Assert.Equal(new[] { mine[0], theirs[0], mine[1], theirs[1] }, claimed.Select(c => c.Event));
    }

    [SkippableFact]
    public async Task ClaimDueAsync_OwnerHoldingLeases_OthersGoFirstAndNoOwnerPassesItsCap()
    {
        var (r1, r2) = (await OpenStoreAsync(), await OpenStoreAsync());
        var other = NewOwner();
        var mine = await EnqueuedHeadsAsync(r1, Owner, 6);
        Assert.Equal(mine.Take(2), (await r1.ClaimDueAsync("r1", T0, Lease, 2, 3, [], default)).Select(c => c.Event));
        var theirs = await EnqueuedHeadsAsync(r1, other, 2);

        var claimed = await r1.ClaimDueAsync("r1", T0, Lease, 10, 3, [], default);

        // The owner holding two leases ranks its next event third: the other owner's two go first, and the owner's
        // fourth would pass the cap of three.
        Assert.Equal(new[] { theirs[0], theirs[1], mine[2] }, claimed.Select(c => c.Event));
        Assert.Empty(await r1.ClaimDueAsync("r1", T0, Lease, 10, 3, [], default));
        // The cap counts one replica's leases: another replica takes the owner's next ones.
        Assert.Equal(mine.Skip(3), (await r2.ClaimDueAsync("r2", T0, Lease, 10, 3, [], default)).Select(c => c.Event));
        // Leases that ran out no longer count: at their end every head is free again, and both owners start at one.
        Assert.Equal(new[] { mine[0], theirs[0], mine[1], theirs[1], mine[2] },
            (await r1.ClaimDueAsync("r1", T0 + Lease, Lease, 10, 3, [], default)).Select(c => c.Event));
    }

    [SkippableFact]
    public async Task ClaimDueAsync_RetriedEventAndOtherOwnersEventReadyEarlier_EarlierReadyFirst()
    {
        var store = await OpenStoreAsync();
        var retried = Assert.Single(await EnqueuedHeadsAsync(store, Owner, 1));
        var attempt = Assert.Single(await store.ClaimDueAsync("r1", T0, Lease, 1, 1, [], default));
        Assert.True(await store.RetryAsync(attempt, Attempt(T0, 503), T0.AddSeconds(10), default));
        var other = await NewSubscriptionOfAsync(store, NewOwner());
        var newer = Event(other.Id, "1");
        Assert.True(await store.EnqueueAsync(newer, T0.AddSeconds(5), default));

        // Both owners hold nothing: the retried event is older (enqueued first) but became due later, so it waits.
        Assert.Equal(new[] { newer, retried }, (await store.ClaimDueAsync("r1", T0.AddSeconds(10), Lease, 2, 2, [], default)).Select(c => c.Event));
    }

    [SkippableFact]
    public async Task ClaimDueAsync_SeveralOwnersTwelveClaimsAtOnce_NeverClaimTheSameEvent()
    {
        var stores = new[] { await OpenStoreAsync(), await OpenStoreAsync(), await OpenStoreAsync() };
        var events = new List<OutboxEvent>();
        foreach (var owner in new[] { Owner, NewOwner(), NewOwner() })
        {
            events.AddRange(await EnqueuedHeadsAsync(stores[0], owner, 10));
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Task.Run(() => stores[i % 3].ClaimDueAsync($"r{i}", T0, Lease, 4, 2, [], default))));

        var claimed = claims.SelectMany(c => c).Select(c => c.Event.EventId).ToList();
        Assert.Equal(claimed.Count, claimed.Distinct().Count());
        Assert.All(claims, c => Assert.True(c.GroupBy(e => e.Subscription.Owner).All(g => g.Count() <= 2)));
        Assert.Equal(events.Count, claimed.Count + (await stores[0].ClaimDueAsync("late", T0, Lease, 100, 100, [], default)).Count);
    }

    [SkippableFact]
    public async Task ClaimDueAsync_OneOwnerAlone_CapDoesNotApply()
    {
        var store = await OpenStoreAsync();
        var mine = await EnqueuedHeadsAsync(store, Owner, 5);
        Assert.Equal(mine.Take(2), (await store.ClaimDueAsync("r1", T0, Lease, 2, 3, [], default)).Select(c => c.Event));

        // No other owner has a subscription: the owner's fourth and fifth leases are no one else's slots.
        Assert.Equal(mine.Skip(2), (await store.ClaimDueAsync("r1", T0, Lease, 10, 3, [], default)).Select(c => c.Event));
    }

    [SkippableFact]
    public async Task ReleaseAsync_LeasedEvent_AnotherReplicaClaimsItAtOnceUncountedAndTheFirstLeaseIsGone()
    {
        var (r1, r2) = (await OpenStoreAsync(), await OpenStoreAsync());
        var s = await CreatedAsync(r1, task: false);
        var e = Event(s.Id, "1");
        Assert.True(await r1.EnqueueAsync(e, T0, default));
        var held = Assert.Single(await r1.ClaimDueAsync("r1", T0, Lease, 10, 10, [], default));

        Assert.True(await r1.ReleaseAsync(held, default));

        // Due as before, no attempt counted, nothing recorded on the subscription; the first lease can do nothing more.
        var again = Assert.Single(await r2.ClaimDueAsync("r2", T0, Lease, 10, 10, [], default));
        Assert.Equal((e, 0), (again.Event, again.AttemptsBefore));
        var stored = (await r1.GetAsync(s.Id, Owner, default))!;
        Assert.Equal((Subscription.Types.State.Active, (DeliveryRecord?)null), (stored.State, stored.LastDelivery));
        Assert.False(await r1.ReleaseAsync(held, default));
        Assert.False(await r1.CompleteAsync(held, Attempt(T0, 204), default));
        Assert.True(await r2.CompleteAsync(again, Attempt(T0, 204), default));
    }

    [SkippableFact]
    public async Task ClaimDueAsync_OtherOwnersOnlySubscriptionSkipped_NeitherClaimedNorCountedSoNoCap()
    {
        var store = await OpenStoreAsync();
        var mine = await EnqueuedHeadsAsync(store, Owner, 3);
        var theirs = Assert.Single(await EnqueuedHeadsAsync(store, NewOwner(), 1));

        // The skipped subscription is the other owner's only one: one owner is left, so its three go out past the cap of 2.
        var claimed = await store.ClaimDueAsync("r1", T0, Lease, 10, 2, [theirs.SubscriptionId], default);

        Assert.Equal(mine, claimed.Select(c => c.Event));
    }

    [SkippableFact]
    public async Task ClaimDueAsync_OneOfTheOwnersSubscriptionsSkipped_OthersTakeTurnsUnderTheCap()
    {
        var store = await OpenStoreAsync();
        var mine = await EnqueuedHeadsAsync(store, Owner, 3);
        var theirs = Assert.Single(await EnqueuedHeadsAsync(store, NewOwner(), 1));

        var claimed = await store.ClaimDueAsync("r1", T0, Lease, 10, 2, [mine[0].SubscriptionId], default);

        Assert.Equal(new[] { mine[1], theirs, mine[2] }, claimed.Select(c => c.Event));
    }

    [SkippableFact]
    public async Task ClaimDueAsync_LeaseExpiredAndTakenByAnotherReplica_FirstReplicasCompleteReturnsFalse()
    {
        var (r1, r2) = (await OpenStoreAsync(), await OpenStoreAsync());
        var s = await CreatedAsync(r1, task: true);
        await r1.EnqueueAsync(Event(s.Id, "etag-1", final: true), T0, default);
        var mine = Assert.Single(await r1.ClaimDueAsync("r1", T0, Lease, 10, 10, [], default));

        Assert.Empty(await r2.ClaimDueAsync("r2", T0 + Lease - TimeSpan.FromMilliseconds(1), Lease, 10, 10, [], default));
        var theirs = Assert.Single(await r2.ClaimDueAsync("r2", T0 + Lease, Lease, 10, 10, [], default));

        Assert.Equal(mine.Event, theirs.Event);
        Assert.NotEqual(mine.Lease, theirs.Lease);
        Assert.False(await r1.CompleteAsync(mine, Attempt(T0 + Lease, 200), default));
        Assert.False(await r1.RetryAsync(mine, Attempt(T0 + Lease, 500), T0 + Lease, default));
        Assert.False(await r1.DisableAsync(mine, Attempt(T0 + Lease, 410), default));
        Assert.Equal(Subscription.Types.State.Active, (await r1.GetAsync(s.Id, Owner, default))!.State);
        Assert.True(await r2.CompleteAsync(theirs, Attempt(T0 + Lease, 200), default));
    }

    [SkippableFact]
    public async Task ClaimDueAsync_TwoReplicasAtOnce_NeverClaimTheSameEvent()
    {
        var stores = new[] { await OpenStoreAsync(), await OpenStoreAsync(), await OpenStoreAsync() };
        var events = new List<OutboxEvent>();
        for (var i = 0; i < 30; i++)
        {
            var s = await CreatedAsync(stores[0], task: false);
            events.Add(Event(s.Id, "1"));
            Assert.True(await stores[0].EnqueueAsync(events[^1], T0, default));
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Task.Run(() => stores[i % 3].ClaimDueAsync($"r{i}", T0, Lease, 4, 4, [], default))));

        var claimed = claims.SelectMany(c => c).Select(c => c.Event.EventId).ToList();
        Assert.Equal(claimed.Count, claimed.Distinct().Count());
        Assert.Equal(events.Count, claimed.Count + (await stores[0].ClaimDueAsync("late", T0, Lease, 100, 100, [], default)).Count);
    }

    [SkippableFact]
    public async Task CompleteAsync_FinalEvent_DeliveredRecordedAndCompleted()
    {
        var store = await OpenStoreAsync();
        var s = await CreatedAsync(store, task: true);
        var e = Event(s.Id, "etag-1", final: true);
        await store.EnqueueAsync(e, T0, default);
        var claimed = Assert.Single(await store.ClaimDueAsync("r1", T0, Lease, 10, 10, [], default));

        Assert.True(await store.CompleteAsync(claimed, Attempt(T0.AddSeconds(2), 202), default));

        var after = (await store.GetAsync(s.Id, Owner, default))!;
        Assert.Equal(Subscription.Types.State.Completed, after.State);
        Assert.False(after.Watching);
        Assert.Equal(new DeliveryRecord(e.EventId, e.Type, T0.AddSeconds(2), Delivery.Types.Outcome.Delivered, 1, 202, string.Empty, null), after.LastDelivery);
        Assert.Equal(new OutboxStats(0, TimeSpan.Zero), await store.StatsAsync(T0, default));
        // Delivered, but kept: the same match enqueued again by a replica with a stale view is still refused.
        Assert.False(await store.EnqueueAsync(Event(s.Id, "etag-1"), T0, default));
        Assert.Empty(await store.ClaimDueAsync("r1", T0.AddHours(1), Lease, 10, 10, [], default));
    }

    [SkippableFact]
    public async Task RetryAsync_FailedAttempt_RecordedAndDueAgainAtTheNextAttempt()
    {
        var store = await OpenStoreAsync();
        var s = await CreatedAsync(store, task: false);
        var e = Event(s.Id, "1");
        await store.EnqueueAsync(e, T0, default);
        var next = T0.AddSeconds(5);

        Assert.True(await store.RetryAsync(Assert.Single(await store.ClaimDueAsync("r1", T0, Lease, 10, 10, [], default)), Attempt(T0, 503, "503 Service Unavailable"), next, default));

        var after = (await store.GetAsync(s.Id, Owner, default))!;
        Assert.Equal(new DeliveryRecord(e.EventId, e.Type, T0, Delivery.Types.Outcome.Retrying, 1, 503, "503 Service Unavailable", next), after.LastDelivery);
        Assert.Equal(Subscription.Types.State.Active, after.State);
        Assert.Empty(await store.ClaimDueAsync("r1", next.AddMilliseconds(-1), Lease, 10, 10, [], default));
        var again = Assert.Single(await store.ClaimDueAsync("r2", next, Lease, 10, 10, [], default));
        Assert.Equal(1, again.AttemptsBefore);
        Assert.True(await store.RetryAsync(again, Attempt(next, 0, "connection refused"), next.AddMinutes(5), default));
        Assert.Equal(2, (await store.GetAsync(s.Id, Owner, default))!.LastDelivery!.Attempts);
    }

    [SkippableFact]
    public async Task DisableAsync_Gone_DisabledRecordedAndPendingEventsDropped()
    {
        var store = await OpenStoreAsync();
        var s = await CreatedAsync(store, task: false);
        var e = Event(s.Id, "1");
        await store.EnqueueAsync(e, T0, default);
        await store.EnqueueAsync(Event(s.Id, "2"), T0, default);

        Assert.True(await store.DisableAsync(Assert.Single(await store.ClaimDueAsync("r1", T0, Lease, 10, 10, [], default)), Attempt(T0, 410, "410 Gone"), default));

        var after = (await store.GetAsync(s.Id, Owner, default))!;
        Assert.Equal(Subscription.Types.State.Disabled, after.State);
        Assert.Equal(new DeliveryRecord(e.EventId, e.Type, T0, Delivery.Types.Outcome.Failed, 1, 410, "410 Gone", null), after.LastDelivery);
        Assert.Equal(0, (await store.StatsAsync(T0, default)).Pending);
        Assert.Empty(await store.ClaimDueAsync("r1", T0, Lease, 10, 10, [], default));
        Assert.False(await store.EnqueueAsync(Event(s.Id, "3"), T0, default));
        Assert.DoesNotContain(s.Id, (await store.ListWatchingAsync(default)).Select(w => w.Id));
    }

    [SkippableFact]
    public async Task SaveViewAsync_ThenLoad_RoundTripsAndNullBeforeTheFirst()
    {
        var store = await OpenStoreAsync();
        var s = await CreatedAsync(store, task: false);
        Assert.Null(await store.LoadViewAsync(s.Id, default));

        var view = new Dictionary<string, string> { ["sources/a/tasks/1"] = "\"e1\"", ["sources/a/tasks/ü"] = "W/\"2\"" };
        await store.SaveViewAsync(s.Id, view, default);
        Assert.Equal(view, await store.LoadViewAsync(s.Id, default));

        await store.SaveViewAsync(s.Id, new Dictionary<string, string>(), default);
        Assert.Empty((await store.LoadViewAsync(s.Id, default))!);
    }

    [SkippableFact]
    public async Task StatsAsync_PendingEvents_CountsThoseOfActiveSubscriptionsAndTheOldestsAge()
    {
        var store = await OpenStoreAsync();
        Assert.Equal(new OutboxStats(0, TimeSpan.Zero), await store.StatsAsync(T0, default));
        var a = await CreatedAsync(store, task: false);
        var b = await CreatedAsync(store, task: false);
        await store.EnqueueAsync(Event(a.Id, "1"), T0, default);
        await store.EnqueueAsync(Event(a.Id, "2"), T0.AddSeconds(10), default);
        await store.EnqueueAsync(Event(b.Id, "1"), T0.AddSeconds(20), default);

        Assert.Equal(new OutboxStats(3, TimeSpan.FromSeconds(60)), await store.StatsAsync(T0.AddSeconds(60), default));

        await store.DisableAsync(Assert.Single(await store.ClaimDueAsync("r1", T0, Lease, 1, 1, [], default)), Attempt(T0, 410), default);
        Assert.Equal(new OutboxStats(1, TimeSpan.FromSeconds(40)), await store.StatsAsync(T0.AddSeconds(60), default));
    }

    [SkippableFact]
    public async Task PruneDeliveredAsync_Before_DeletesOnlyDeliveredEventsOlderThanIt()
    {
        var store = await OpenStoreAsync();
        var s = await CreatedAsync(store, task: false);
        await store.EnqueueAsync(Event(s.Id, "1"), T0, default);
        await store.EnqueueAsync(Event(s.Id, "2"), T0, default);
        await store.EnqueueAsync(Event(s.Id, "3"), T0, default);
        await store.CompleteAsync(Assert.Single(await store.ClaimDueAsync("r1", T0, Lease, 1, 1, [], default)), Attempt(T0.AddHours(1), 200), default);
        await store.CompleteAsync(Assert.Single(await store.ClaimDueAsync("r1", T0, Lease, 1, 1, [], default)), Attempt(T0.AddHours(3), 200), default);

        Assert.Equal(1, await store.PruneDeliveredAsync(T0.AddHours(2), default));

        // The pruned key can come again; the one delivered later is still refused; the pending one is untouched.
        Assert.True(await store.EnqueueAsync(Event(s.Id, "1"), T0, default));
        Assert.False(await store.EnqueueAsync(Event(s.Id, "2"), T0, default));
        Assert.Equal(2, (await store.StatsAsync(T0, default)).Pending);
        Assert.Equal(0, await store.PruneDeliveredAsync(T0.AddHours(2), default));
    }

    [SkippableFact]
    public async Task TryCreateAsync_FinishedSubscriptionsAtTheLimit_DoNotCountAndArePrunedAWeekAfterTheirEnd()
    {
        var store = await OpenStoreAsync();
        var done = await store.TryCreateAsync(NewSubscription(Owner), 1, default) ? (await store.ListAsync(Owner, string.Empty, 10, default)).Single() : null;
        Assert.NotNull(done);
        await store.EnqueueAsync(Event(done.Id, "task@final", final: true), T0, default);
        Assert.True(await store.CompleteAsync(Assert.Single(await store.ClaimDueAsync("r1", T0, Lease, 1, 1, [], default)), Attempt(T0, 204), default));

        // The completed one no longer counts towards the limit of one.
        Assert.True(await store.TryCreateAsync(NewSubscription(Owner), 1, default));
        Assert.False(await store.TryCreateAsync(NewSubscription(Owner), 1, default));

        // Kept a week after its end (pruning runs with now - 24 h), then gone with its events; the active one stays.
        await store.PruneDeliveredAsync(T0.AddDays(6), default);
        Assert.NotNull(await store.GetAsync(done.Id, Owner, default));
        await store.PruneDeliveredAsync(T0.AddDays(6).AddMinutes(1), default);
        Assert.Null(await store.GetAsync(done.Id, Owner, default));
        Assert.Single(await store.ListAsync(Owner, string.Empty, 10, default));
    }

    [SkippableFact]
    public async Task MigrateAsync_TwiceAndConcurrentlyOnAFreshDatabase_SucceedsAndKeepsTheData()
    {
        var stores = new List<ISubscriptionStore>();
        for (var i = 0; i < 4; i++)
        {
            stores.Add(await OpenStoreAsync(migrate: false));
        }

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync(default))));
        var created = NewSubscription(Owner);
        Assert.True(await stores[0].TryCreateAsync(created, 10, default));

        await stores[1].MigrateAsync(default);
        await (await OpenStoreAsync()).MigrateAsync(default);

        Assert.Equal(created, await stores[3].GetAsync(created.Id, Owner, default));
        await stores[2].PingAsync(default);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await (store is IAsyncDisposable asyncDisposable ? asyncDisposable.DisposeAsync() : DisposeSync(store));
        }
    }

    /// <summary>A new store on this test's database (created on the first call); migrated unless asked not to.</summary>
    private protected async Task<ISubscriptionStore> OpenStoreAsync(bool migrate = true)
    {
        var store = await NewStoreAsync();
        _stores.Add(store);
        if (migrate)
        {
            await store.MigrateAsync(default);
        }

        return store;
    }

    /// <summary>A new, unmigrated store instance on this test's database; skips the test where that database is not available.</summary>
    private protected abstract Task<ISubscriptionStore> NewStoreAsync();

    private protected async Task<SubscriptionRecord> CreatedAsync(ISubscriptionStore store, bool task)
    {
        var subscription = NewSubscription(Owner, task);
        Assert.True(await store.TryCreateAsync(subscription, 1000, default));
        return subscription;
    }

    private static async Task<SubscriptionRecord> NewSubscriptionOfAsync(ISubscriptionStore store, string owner)
    {
        var subscription = NewSubscription(owner, task: false);
        Assert.True(await store.TryCreateAsync(subscription, 1000, default));
        return subscription;
    }

    // One subscription per event for the owner, each event enqueued in turn: count heads, oldest first.
    private static async Task<List<OutboxEvent>> EnqueuedHeadsAsync(ISubscriptionStore store, string owner, int count)
    {
        var events = new List<OutboxEvent>();
        for (var i = 0; i < count; i++)
        {
            var subscription = await NewSubscriptionOfAsync(store, owner);
            events.Add(Event(subscription.Id, "1"));
            Assert.True(await store.EnqueueAsync(events[^1], T0, default));
        }

        return events;
    }

    private static Func<string, bool> Mine(params SubscriptionRecord[] subscriptions) => id => subscriptions.Any(s => s.Id == id);

    private static ValueTask DisposeSync(ISubscriptionStore store)
    {
        (store as IDisposable)?.Dispose();
        return ValueTask.CompletedTask;
    }
}
