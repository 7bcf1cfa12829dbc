using TaskGateway.Contracts.V1;
using TaskGateway.Events.Store;

namespace TaskGateway.Tests.Events;

/// <summary>
/// An in-memory <see cref="ISubscriptionStore"/> with the interface's documented semantics (idempotent enqueue, each
/// subscription's oldest event claimed under a lease, results recorded only under the lease), for the engine's unit
/// tests. <see cref="Unavailable"/> makes every call throw as a store that cannot be reached does.
/// </summary>
internal sealed class FakeSubscriptionStore : ISubscriptionStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SubscriptionRecord> _subscriptions = new(StringComparer.Ordinal);
    private readonly List<Pending> _outbox = [];
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _views = new(StringComparer.Ordinal);
    private readonly HashSet<(string, string)> _enqueued = [];
    private long _sequence;
    private volatile bool _unavailable;

    /// <summary>The setting the fake claims to be behind, as the SQLite store's.</summary>
    public const string SettingName = "TaskGateway:Events:SqlitePath";

    public string Setting => SettingName;

    /// <summary>The stored subscriptions by id, in id order (a copy).</summary>
    public IReadOnlyDictionary<string, SubscriptionRecord> Rows
    {
        get
        {
            lock (_gate)
            {
                return new SortedDictionary<string, SubscriptionRecord>(_subscriptions, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>While true, every call throws <see cref="EventStoreUnavailableException"/>.</summary>
    public bool Unavailable
    {
        get => _unavailable;
        set => _unavailable = value;
    }

    /// <summary>Calls that found the store unavailable.</summary>
    public int Refused => Volatile.Read(ref _refused);

    private int _refused;

    /// <summary>Every event delivered (completed), in order.</summary>
    public List<OutboxEvent> Delivered { get; } = [];

    /// <summary>Every event ever enqueued, in order.</summary>
    public List<OutboxEvent> Enqueued { get; } = [];

    /// <summary>Times each method was called, by name.</summary>
    public Dictionary<string, int> Calls { get; } = [];

    public void Add(SubscriptionRecord subscription)
    {
        lock (_gate)
        {
            _subscriptions[subscription.Id] = subscription;
        }
    }

    public SubscriptionRecord Get(string id)
    {
        lock (_gate)
        {
            return _subscriptions[id];
        }
    }

    public IReadOnlyList<OutboxEvent> EnqueuedSnapshot()
    {
        lock (_gate)
        {
            return [.. Enqueued];
        }
    }

    public IReadOnlyList<OutboxEvent> DeliveredSnapshot()
    {
        lock (_gate)
        {
            return [.. Delivered];
        }
    }

    /// <summary>A pending event's attempts so far and when it is due.</summary>
    public (int Attempts, DateTimeOffset Due)? PendingOf(string eventId)
    {
        lock (_gate)
        {
            return _outbox.FirstOrDefault(p => p.Event.EventId == eventId) is { } p ? (p.Attempts, p.Due) : null;
        }
    }

    public IReadOnlyDictionary<string, string>? View(string id)
    {
        lock (_gate)
        {
            return _views.GetValueOrDefault(id);
        }
    }

    public int CallsOf(string method)
    {
        lock (_gate)
        {
            return Calls.GetValueOrDefault(method);
        }
    }

    public Task MigrateAsync(CancellationToken cancellationToken) => Run(nameof(MigrateAsync), () => true);

    public Task PingAsync(CancellationToken cancellationToken) => Run(nameof(PingAsync), () => true);

    public Task<bool> TryCreateAsync(SubscriptionRecord subscription, int maxPerOwner, CancellationToken cancellationToken) => Run(nameof(TryCreateAsync), () =>
    {
        // As the real store: only ACTIVE subscriptions count towards the limit.
        if (_subscriptions.Values.Count(s => s.Owner == subscription.Owner && s.State == Subscription.Types.State.Active) >= maxPerOwner)
        {
            return false;
        }

        _subscriptions[subscription.Id] = subscription;
        return true;
    });

    public Task<SubscriptionRecord?> GetAsync(string id, string owner, CancellationToken cancellationToken) =>
        Run(nameof(GetAsync), () => _subscriptions.TryGetValue(id, out var s) && s.Owner == owner ? s : null);

    public Task<IReadOnlyList<SubscriptionRecord>> ListAsync(string owner, string afterId, int limit, CancellationToken cancellationToken) =>
        Run(nameof(ListAsync), () => (IReadOnlyList<SubscriptionRecord>)[.. _subscriptions.Values.Where(s => s.Owner == owner && string.CompareOrdinal(s.Id, afterId) > 0).OrderBy(s => s.Id, StringComparer.Ordinal).Take(limit)]);

    public Task<bool> DeleteAsync(string id, string owner, CancellationToken cancellationToken) => Run(nameof(DeleteAsync), () =>
    {
        if (!_subscriptions.TryGetValue(id, out var s) || s.Owner != owner)
        {
            return false;
        }

        _subscriptions.Remove(id);
        _outbox.RemoveAll(p => p.Event.SubscriptionId == id);
        _views.Remove(id);
        return true;
    });

    public Task<IReadOnlyList<SubscriptionRecord>> ListWatchingAsync(CancellationToken cancellationToken) =>
        Run(nameof(ListWatchingAsync), () => (IReadOnlyList<SubscriptionRecord>)[.. _subscriptions.Values.Where(s => s.State == Subscription.Types.State.Active && s.Watching).OrderBy(s => s.Id, StringComparer.Ordinal)]);

    public Task<bool> EnqueueAsync(OutboxEvent outboxEvent, DateTimeOffset now, CancellationToken cancellationToken) => Run(nameof(EnqueueAsync), () =>
    {
        // As the real store: a second final event (another replica saw a later matching state) is refused.
        if (!_subscriptions.TryGetValue(outboxEvent.SubscriptionId, out var s) || s.State != Subscription.Types.State.Active
            || (outboxEvent.Final && !s.Watching) || !_enqueued.Add((outboxEvent.SubscriptionId, outboxEvent.DedupeKey)))
        {
            return false;
        }

        _outbox.Add(new Pending(outboxEvent, ++_sequence) { Due = now });
        Enqueued.Add(outboxEvent);
        if (outboxEvent.Final)
        {
            _subscriptions[s.Id] = s with { Watching = false };
        }

        return true;
    });

    public Task<IReadOnlyList<ClaimedEvent>> ClaimDueAsync(string replica, DateTimeOffset now, TimeSpan lease, int limit, int perOwner,
        IReadOnlyCollection<string> skipped, CancellationToken cancellationToken) => Run(nameof(ClaimDueAsync), () =>
    {
        // As the real store: each subscription's oldest pending event but those skipped; with one owner, oldest first; with several, owners
        // taking turns by the live leases of this replica they hold (among equals the event due first), none taking
        // more once it holds perOwner.
        string OwnerOf(Pending p) => _subscriptions[p.Event.SubscriptionId].Owner;
        var severalOwners = _subscriptions.Values.Where(s => s.State == Subscription.Types.State.Active && !skipped.Contains(s.Id)).Select(s => s.Owner).Distinct().Count() > 1;
        var held = _outbox.Where(p => p.Lease is not null && p.Lease.StartsWith(replica + "/", StringComparison.Ordinal) && p.LeaseUntil > now)
            .GroupBy(OwnerOf).ToDictionary(g => g.Key, g => g.Count());
        var due = _outbox.GroupBy(p => p.Event.SubscriptionId).Select(g => g.OrderBy(p => p.Sequence).First())
            .Where(p => _subscriptions[p.Event.SubscriptionId].State == Subscription.Types.State.Active && p.Due <= now && (p.Lease is null || p.LeaseUntil <= now)
                && !skipped.Contains(p.Event.SubscriptionId));
        var heads = !severalOwners ? due.OrderBy(p => p.Sequence) : due.GroupBy(OwnerOf)
            .SelectMany(g => g.OrderBy(p => p.Due).ThenBy(p => p.Sequence).Select((p, i) => (Pending: p, Rank: i + 1 + held.GetValueOrDefault(g.Key))))
            .Where(h => h.Rank <= perOwner)
            .OrderBy(h => h.Rank).ThenBy(h => h.Pending.Due).ThenBy(h => h.Pending.Sequence)
            .Select(h => h.Pending);
        var claimed = new List<ClaimedEvent>();
        foreach (var oldest in heads.Take(limit).ToList())
        {
            oldest.Lease = $"{replica}/{Guid.NewGuid():N}";
            oldest.LeaseUntil = now + lease;
            claimed.Add(new ClaimedEvent(oldest.Event, _subscriptions[oldest.Event.SubscriptionId], oldest.Attempts, oldest.Lease, oldest.LeaseUntil));
        }

        return (IReadOnlyList<ClaimedEvent>)claimed;
    });

    public Task<bool> CompleteAsync(ClaimedEvent claimed, DeliveryAttempt attempt, CancellationToken cancellationToken) => Run(nameof(CompleteAsync), () =>
    {
        if (Held(claimed) is not { } pending)
        {
            return false;
        }

        _outbox.Remove(pending);
        Delivered.Add(pending.Event);
        Record(claimed, attempt, Delivery.Types.Outcome.Delivered, pending.Attempts + 1, null, completes: pending.Event.Final);
        return true;
    });

    public Task<bool> RetryAsync(ClaimedEvent claimed, DeliveryAttempt attempt, DateTimeOffset nextAttempt, CancellationToken cancellationToken) => Run(nameof(RetryAsync), () =>
    {
        if (Held(claimed) is not { } pending)
        {
            return false;
        }

        pending.Attempts++;
        pending.Due = nextAttempt;
        pending.Lease = null;
        Record(claimed, attempt, Delivery.Types.Outcome.Retrying, pending.Attempts, nextAttempt, completes: false);
        return true;
    });

    public Task<bool> DisableAsync(ClaimedEvent claimed, DeliveryAttempt attempt, CancellationToken cancellationToken) => Run(nameof(DisableAsync), () =>
    {
        if (Held(claimed) is not { } pending)
        {
            return false;
        }

        _outbox.RemoveAll(p => p.Event.SubscriptionId == claimed.Event.SubscriptionId);
        Record(claimed, attempt, Delivery.Types.Outcome.Failed, pending.Attempts + 1, null, completes: false);
        _subscriptions[claimed.Event.SubscriptionId] = _subscriptions[claimed.Event.SubscriptionId] with { State = Subscription.Types.State.Disabled, Watching = false };
        return true;
    });

    public Task<bool> ReleaseAsync(ClaimedEvent claimed, CancellationToken cancellationToken) => Run(nameof(ReleaseAsync), () =>
    {
        if (Held(claimed) is not { } pending)
        {
            return false;
        }

        pending.Lease = null;
        return true;
    });

    public Task<IReadOnlyDictionary<string, string>?> LoadViewAsync(string subscriptionId, CancellationToken cancellationToken) =>
        Run(nameof(LoadViewAsync), () => _views.GetValueOrDefault(subscriptionId));

    public Task SaveViewAsync(string subscriptionId, IReadOnlyDictionary<string, string> view, CancellationToken cancellationToken) => Run(nameof(SaveViewAsync), () =>
    {
        _views[subscriptionId] = new Dictionary<string, string>(view, StringComparer.Ordinal);
        return true;
    });

    public Task<OutboxStats> StatsAsync(DateTimeOffset now, CancellationToken cancellationToken) => Run(nameof(StatsAsync), () =>
        new OutboxStats(_outbox.Count, _outbox.Count == 0 ? TimeSpan.Zero : now - _outbox.Min(p => p.Event.Time)));

    public Task<int> PruneDeliveredAsync(DateTimeOffset before, CancellationToken cancellationToken) => Run(nameof(PruneDeliveredAsync), () =>
    {
        PrunedBefore.Add(before);
        return 0;
    });

    /// <summary>The cut-off of every prune asked for.</summary>
    public List<DateTimeOffset> PrunedBefore { get; } = [];

    private Pending? Held(ClaimedEvent claimed) => _outbox.FirstOrDefault(p => p.Event.EventId == claimed.Event.EventId && p.Lease == claimed.Lease);

    private void Record(ClaimedEvent claimed, DeliveryAttempt attempt, Delivery.Types.Outcome outcome, int attempts, DateTimeOffset? next, bool completes)
    {
        var id = claimed.Event.SubscriptionId;
        if (_subscriptions.TryGetValue(id, out var s))
        {
            _subscriptions[id] = s with
            {
                LastDelivery = new DeliveryRecord(claimed.Event.EventId, claimed.Event.Type, attempt.Time, outcome, attempts, attempt.HttpStatus, attempt.Error, next),
                State = completes ? Subscription.Types.State.Completed : s.State,
            };
        }
    }

    private Task<T> Run<T>(string method, Func<T> call)
    {
        lock (_gate)
        {
            Calls[method] = Calls.GetValueOrDefault(method) + 1;
            if (_unavailable)
            {
                Interlocked.Increment(ref _refused);
                return Task.FromException<T>(new EventStoreUnavailableException(Setting, "The store is down (test)."));
            }

            return Task.FromResult(call());
        }
    }

    private sealed class Pending(OutboxEvent e, long sequence)
    {
        public OutboxEvent Event { get; } = e;

        public long Sequence { get; } = sequence;

        public int Attempts { get; set; }

        public DateTimeOffset Due { get; set; }

        public string? Lease { get; set; }

        public DateTimeOffset LeaseUntil { get; set; }
    }
}
