namespace TaskGateway.Events.Store;

/// <summary>
/// Durable subscriptions and their outbox (SQLite by default, PostgreSQL for replicas). Every method may throw
/// <see cref="EventStoreUnavailableException"/> when the store cannot be reached; nothing else escapes for an
/// unreachable store. Owner-scoped methods treat another owner's subscription as absent.
/// </summary>
internal interface ISubscriptionStore
{
    /// <summary>The setting that points at this store, for errors and health: TaskGateway:Events:SqlitePath or :PostgreSql.</summary>
    string Setting { get; }

    /// <summary>Creates or upgrades the schema; safe when several replicas start at once.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>A cheap round trip, for readiness.</summary>
    Task PingAsync(CancellationToken cancellationToken);

    /// <summary>Stores a new subscription unless its owner already holds <paramref name="maxPerOwner"/> ACTIVE ones; false when at the limit.</summary>
    Task<bool> TryCreateAsync(SubscriptionRecord subscription, int maxPerOwner, CancellationToken cancellationToken);

    /// <summary>The owner's subscription, or null.</summary>
    Task<SubscriptionRecord?> GetAsync(string id, string owner, CancellationToken cancellationToken);

    /// <summary>The owner's subscriptions with an id after <paramref name="afterId"/> (empty: from the start), in id order.</summary>
    Task<IReadOnlyList<SubscriptionRecord>> ListAsync(string owner, string afterId, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes the owner's subscription and its pending events; false when there was none.</summary>
    Task<bool> DeleteAsync(string id, string owner, CancellationToken cancellationToken);

    /// <summary>Every ACTIVE subscription whose target is still watched (all owners): what the engine watches.</summary>
    Task<IReadOnlyList<SubscriptionRecord>> ListWatchingAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Adds an event, due at once, unless one with the same (subscription, dedupe key) exists or the subscription is
    /// gone or not ACTIVE. A final event also stops the subscription's watching, in the same transaction. True when
    /// this call added it.
    /// </summary>
    Task<bool> EnqueueAsync(OutboxEvent outboxEvent, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="limit"/> due events for this replica: only each ACTIVE subscription's oldest pending
    /// event (so one subscription's events go out in order), only events with no lease or an expired one. Owners take
    /// turns by the leases of this replica they hold (the owner with fewest first; among equals the event ready longest),
    /// and while more than one owner has ACTIVE subscriptions, an owner holding <paramref name="perOwner"/> of them takes
    /// no more. With one owner only, its oldest events go first, up to the limit. Events of the subscriptions in
    /// <paramref name="skipped"/> (those this replica holds back) are never claimed, and do not make an owner count.
    /// PostgreSQL claims with FOR UPDATE SKIP LOCKED, so replicas never claim the same event at once.
    /// </summary>
    Task<IReadOnlyList<ClaimedEvent>> ClaimDueAsync(string replica, DateTimeOffset now, TimeSpan lease, int limit, int perOwner,
        IReadOnlyCollection<string> skipped, CancellationToken cancellationToken);

    /// <summary>The sink accepted the event: marks it delivered (kept until pruned), records the delivery, completes the subscription when the event was final. False when the lease was lost.</summary>
    Task<bool> CompleteAsync(ClaimedEvent claimed, DeliveryAttempt attempt, CancellationToken cancellationToken);

    /// <summary>The attempt failed and another is due at <paramref name="nextAttempt"/>: counts it, records it, releases the lease. False when the lease was lost.</summary>
    Task<bool> RetryAsync(ClaimedEvent claimed, DeliveryAttempt attempt, DateTimeOffset nextAttempt, CancellationToken cancellationToken);

    /// <summary>Delivery gave up (410 Gone, or retries exhausted): the subscription is DISABLED with this attempt as its last delivery, its pending events dropped. False when the lease was lost.</summary>
    Task<bool> DisableAsync(ClaimedEvent claimed, DeliveryAttempt attempt, CancellationToken cancellationToken);

    /// <summary>
    /// Gives the lease back without an attempt and without changing when the event is due: another replica may claim it
    /// at once (this one refuses its subscription's owner under its own settings and claims it no more). False when the
    /// lease was lost.
    /// </summary>
    Task<bool> ReleaseAsync(ClaimedEvent claimed, CancellationToken cancellationToken);

    /// <summary>A collection subscription's view (task name to etag, as last enqueued), or null before its first.</summary>
    Task<IReadOnlyDictionary<string, string>?> LoadViewAsync(string subscriptionId, CancellationToken cancellationToken);

    /// <summary>Saves a collection subscription's view after its events were enqueued.</summary>
    Task SaveViewAsync(string subscriptionId, IReadOnlyDictionary<string, string> view, CancellationToken cancellationToken);

    /// <summary>The outbox's depth and oldest pending age.</summary>
    Task<OutboxStats> StatsAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes delivered events delivered before <paramref name="before"/>. Until then a delivered event keeps its
    /// (subscription, dedupe key), so that a replica with a stale view cannot enqueue it again. Also deletes finished
    /// (COMPLETED, DISABLED) subscriptions whose last delivery is six days older than that. Returns how many events went.
    /// </summary>
    Task<int> PruneDeliveredAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
