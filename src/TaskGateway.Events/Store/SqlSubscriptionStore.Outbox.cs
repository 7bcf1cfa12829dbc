using System.Data.Common;
using System.Globalization;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Events.Store;

/// <summary>The outbox: enqueue once, claim heads under a lease, record results only while the lease holds.</summary>
internal abstract partial class SqlSubscriptionStore
{
    private const string Pending = "o.delivered_at IS NULL";

    // An event ready to claim (pending, due, not leased), of an ACTIVE subscription's row s: both claims, and the outer
    // re-check of the fair one, state these.
    private const string Claimable = Pending + " AND o.due_at <= @now AND (o.lease_until IS NULL OR o.lease_until <= @now)";

    // ... and the head of its subscription (no older pending event), not one this replica holds back.
    private const string ClaimableHead = "s.state = @active AND " + Claimable +
        " AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.subscription_id = o.subscription_id AND p.delivered_at IS NULL AND p.seq < o.seq)" +
        " AND s.id NOT IN (" + SkippedIds + ")";

    // A subscription's head is its oldest pending event: while the head is leased or not due, nothing of that
    // subscription is claimed, so its events go out in order. With one owner only (a local-only gateway, say), the
    // oldest heads go first and the owner may take every slot.
    private const string OldestHeadsSql =
        "SELECT o.event_id, o.subscription_id, o.dedupe_key, o.type, o.subject, o.time, o.data, o.final, o.attempts, " + Columns +
        " FROM outbox o JOIN subscriptions s ON s.id = o.subscription_id WHERE " + ClaimableHead + " ORDER BY o.seq LIMIT @limit";

    // With several owners, they take turns, counting the leases of this replica each already holds: an owner's n-th
    // head ranks as its n-th delivery in flight, so the owner holding fewest slots goes first (among equals, the event
    // ready longest, then the oldest), and an owner holding @per_owner takes no more. One caller's many subscriptions to
    // sinks that never answer thus take free slots only while no one else waits, and never more than @per_owner. The
    // owners' live leases are counted once per claim (one grouped scan), never per candidate row; the cap bounds the
    // candidates to @per_owner per owner, and only those are read whole. The outer query states the event's own
    // conditions again and takes the LIMIT: PostgreSQL re-checks the conditions of the rows it locks (FOR UPDATE)
    // against their latest version, not a CTE's, and SKIP LOCKED moves on to the next candidate, so an event another
    // replica leased or rescheduled meanwhile is neither claimed twice nor sent before it is due.
    private const string TakingTurnsSql =
        "WITH busy AS (SELECT bs.owner, count(*) AS n FROM outbox b JOIN subscriptions bs ON bs.id = b.subscription_id" +
        " WHERE b.delivered_at IS NULL AND b.lease_owner = @replica AND b.lease_until > @now GROUP BY bs.owner)," +
        " heads AS (SELECT o.event_id, o.seq, o.due_at, ROW_NUMBER() OVER (PARTITION BY s.owner ORDER BY o.due_at, o.seq) AS turn, s.owner" +
        " FROM outbox o JOIN subscriptions s ON s.id = o.subscription_id WHERE " + ClaimableHead + ")," +
        " picked AS (SELECT h.event_id, h.seq, h.due_at, h.turn + COALESCE(busy.n, 0) AS rank FROM heads h LEFT JOIN busy ON busy.owner = h.owner" +
        " WHERE h.turn + COALESCE(busy.n, 0) <= @per_owner)" +
        " SELECT o.event_id, o.subscription_id, o.dedupe_key, o.type, o.subject, o.time, o.data, o.final, o.attempts, " + Columns +
        " FROM picked k JOIN outbox o ON o.event_id = k.event_id JOIN subscriptions s ON s.id = o.subscription_id" +
        " WHERE " + Claimable + " ORDER BY k.rank, k.due_at, k.seq LIMIT @limit";

    // Whether ACTIVE subscriptions belong to more than one owner (the fair claim's ranking costs a sort of every due head).
    private const string SeveralOwnersSql = "SELECT min(owner) <> max(owner) FROM subscriptions WHERE state = @active AND id NOT IN (" + SkippedIds + ")";

    // The ids of @skipped, a JSON array of strings, as a subquery's rows: each dialect has a function for it.
    private const string SkippedIds = "{skipped}";

    private const string ReleaseLease = "lease_owner = NULL, lease_token = NULL, lease_until = NULL";
    private const string Leased = "event_id = @event AND lease_token = @lease AND delivered_at IS NULL";

    public Task<bool> EnqueueAsync(OutboxEvent outboxEvent, DateTimeOffset now, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx, ct) =>
        {
            var (state, watching) = await ReadStateAsync(c, tx, outboxEvent.SubscriptionId, ct).ConfigureAwait(false);
            if (state != Active || (outboxEvent.Final && !watching))
            {
                return false;
            }

            var e = outboxEvent;
            if (await PendingOfAsync(c, tx, e.SubscriptionId, ct).ConfigureAwait(false) >= PendingCap)
            {
                await DisableBehindAsync(c, tx, e, now, ct).ConfigureAwait(false);
                return false;
            }

            var inserted = await ExecuteAsync(c, tx, ct,
                InsertIgnoringDuplicates + " INTO outbox (event_id, subscription_id, dedupe_key, type, subject, time, data, final, enqueued_at, due_at, attempts) " +
                "VALUES (@event, @subscription, @dedupe, @type, @subject, @time, @data, @final, @now, @now, 0)" + OnDuplicateDoNothing,
                ("event", e.EventId), ("subscription", e.SubscriptionId), ("dedupe", e.DedupeKey), ("type", e.Type), ("subject", e.Subject),
                ("time", e.Time), ("data", e.Data), ("final", e.Final), ("now", now)).ConfigureAwait(false) == 1;
            if (inserted && e.Final)
            {
                await ExecuteAsync(c, tx, ct, "UPDATE subscriptions SET watching = @false WHERE id = @id", ("false", false), ("id", e.SubscriptionId))
                    .ConfigureAwait(false);
            }

            return inserted;
        }, cancellationToken);

    public Task<IReadOnlyList<ClaimedEvent>> ClaimDueAsync(string replica, DateTimeOffset now, TimeSpan lease, int limit, int perOwner,
        IReadOnlyCollection<string> skipped, CancellationToken cancellationToken) =>
        InTransactionAsync<IReadOnlyList<ClaimedEvent>>(async (c, tx, ct) =>
        {
            var heads = new List<(OutboxEvent Event, SubscriptionRecord Subscription, int Attempts)>();
            var skip = System.Text.Json.JsonSerializer.Serialize(skipped);
            using (var command = await SeveralOwnersAsync(c, tx, skip, ct).ConfigureAwait(false)
                ? Command(c, tx, TakingTurnsClaim,
                    ("replica", replica), ("active", Active), ("now", now), ("per_owner", perOwner), ("limit", limit), ("skipped", skip))
                : Command(c, tx, OldestHeadsClaim, ("active", Active), ("now", now), ("limit", limit), ("skipped", skip)))
            using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    heads.Add((ReadEvent(reader), ReadSubscription(reader, 9), reader.GetInt32(8)));
                }
            }

            var claimed = new List<ClaimedEvent>(heads.Count);
            var until = now + lease;
            foreach (var (e, subscription, attempts) in heads)
            {
                var token = Guid.NewGuid().ToString("N");
                await ExecuteAsync(c, tx, ct, "UPDATE outbox SET lease_owner = @replica, lease_token = @lease, lease_until = @until WHERE event_id = @event",
                    ("replica", replica), ("lease", token), ("until", until), ("event", e.EventId)).ConfigureAwait(false);
                claimed.Add(new ClaimedEvent(e, subscription, attempts, token, until));
            }

            return claimed;
        }, cancellationToken);

    public Task<bool> CompleteAsync(ClaimedEvent claimed, DeliveryAttempt attempt, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx, ct) =>
        {
            await ReadStateAsync(c, tx, claimed.Event.SubscriptionId, ct).ConfigureAwait(false);
            if (await ExecuteAsync(c, tx, ct, $"UPDATE outbox SET delivered_at = @time, attempts = attempts + 1, {ReleaseLease} WHERE {Leased}",
                    ("time", attempt.Time), ("event", claimed.Event.EventId), ("lease", claimed.Lease)).ConfigureAwait(false) == 0)
            {
                return LeaseLost(claimed);
            }

            await RecordAsync(c, tx, claimed, attempt, Delivery.Types.Outcome.Delivered, null, ct).ConfigureAwait(false);
            if (claimed.Event.Final)
            {
                await ExecuteAsync(c, tx, ct, "UPDATE subscriptions SET state = @completed, watching = @false WHERE id = @id AND state = @active",
                    ("completed", (int)Subscription.Types.State.Completed), ("false", false), ("id", claimed.Event.SubscriptionId), ("active", Active))
                    .ConfigureAwait(false);
            }

            return true;
        }, cancellationToken);

    public Task<bool> RetryAsync(ClaimedEvent claimed, DeliveryAttempt attempt, DateTimeOffset nextAttempt, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx, ct) =>
        {
            await ReadStateAsync(c, tx, claimed.Event.SubscriptionId, ct).ConfigureAwait(false);
            if (await ExecuteAsync(c, tx, ct, $"UPDATE outbox SET due_at = @next, attempts = attempts + 1, {ReleaseLease} WHERE {Leased}",
                    ("next", nextAttempt), ("event", claimed.Event.EventId), ("lease", claimed.Lease)).ConfigureAwait(false) == 0)
            {
                return LeaseLost(claimed);
            }

            await RecordAsync(c, tx, claimed, attempt, Delivery.Types.Outcome.Retrying, nextAttempt, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public Task<bool> DisableAsync(ClaimedEvent claimed, DeliveryAttempt attempt, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx, ct) =>
        {
            await ReadStateAsync(c, tx, claimed.Event.SubscriptionId, ct).ConfigureAwait(false);
            if (await ExecuteAsync(c, tx, ct, $"DELETE FROM outbox WHERE {Leased}", ("event", claimed.Event.EventId), ("lease", claimed.Lease))
                    .ConfigureAwait(false) == 0)
            {
                return LeaseLost(claimed);
            }

            await DisableSubscriptionAsync(c, tx, claimed.Event.SubscriptionId, ct).ConfigureAwait(false);
            await RecordAsync(c, tx, claimed, attempt, Delivery.Types.Outcome.Failed, null, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public Task<bool> ReleaseAsync(ClaimedEvent claimed, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx, ct) =>
        {
            await ReadStateAsync(c, tx, claimed.Event.SubscriptionId, ct).ConfigureAwait(false);
            return await ExecuteAsync(c, tx, ct, $"UPDATE outbox SET {ReleaseLease} WHERE {Leased}",
                ("event", claimed.Event.EventId), ("lease", claimed.Lease)).ConfigureAwait(false) == 1 || LeaseLost(claimed);
        }, cancellationToken);

    public Task<OutboxStats> StatsAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        RunAsync(async (c, ct) =>
        {
            using var command = Command(c, null,
                "SELECT count(*), min(o.enqueued_at) FROM outbox o JOIN subscriptions s ON s.id = o.subscription_id WHERE s.state = @active AND " + Pending,
                ("active", Active));
            using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await reader.ReadAsync(ct).ConfigureAwait(false);
            var pending = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
            var age = pending == 0 || reader.IsDBNull(1) ? TimeSpan.Zero : now - ReadTime(reader, 1);
            return new OutboxStats(pending, age < TimeSpan.Zero ? TimeSpan.Zero : age);
        }, cancellationToken);

    public Task<int> PruneDeliveredAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        RunAsync(async (c, ct) =>
        {
            var pruned = await ExecuteAsync(c, null, ct, "DELETE FROM outbox WHERE delivered_at IS NOT NULL AND delivered_at < @before", ("before", before))
                .ConfigureAwait(false);
            // Finished subscriptions (COMPLETED, DISABLED) stay readable for FinishedRetention after their last delivery, then
            // go with their events: one-shot subscriptions do not pile up in the store for ever.
            var finishedBefore = before - FinishedRetention;
            const string Finished = "SELECT id FROM subscriptions WHERE state <> @active AND last_time IS NOT NULL AND last_time < @finished";
            await ExecuteAsync(c, null, ct, $"DELETE FROM outbox WHERE subscription_id IN ({Finished})", ("active", Active), ("finished", finishedBefore))
                .ConfigureAwait(false);
            await ExecuteAsync(c, null, ct, $"DELETE FROM subscriptions WHERE id IN ({Finished})", ("active", Active), ("finished", finishedBefore))
                .ConfigureAwait(false);
            StoreLog.Pruned(Logger, pruned, before);
            return pruned;
        }, cancellationToken);

    // Locks the subscription's row (PostgreSQL) before any of its events' rows: enqueue, delete and the results all
    // take them in this order, so two of them on one subscription wait for each other instead of deadlocking.
    private async Task<(int State, bool Watching)> ReadStateAsync(DbConnection c, DbTransaction tx, string id, CancellationToken ct)
    {
        using var command = Command(c, tx, "SELECT state, watching FROM subscriptions WHERE id = @id" + LockRows, ("id", id));
        using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? (reader.GetInt32(0), reader.GetBoolean(1)) : (0, false);
    }

    private Task<int> RecordAsync(DbConnection c, DbTransaction tx, ClaimedEvent claimed, DeliveryAttempt attempt, Delivery.Types.Outcome outcome,
        DateTimeOffset? next, CancellationToken ct) =>
        ExecuteAsync(c, tx, ct,
            "UPDATE subscriptions SET last_event_id = @event, last_event_type = @type, last_time = @time, last_outcome = @outcome, " +
            "last_attempts = @attempts, last_http_status = @status, last_error = @error, last_next_attempt = @next WHERE id = @id",
            ("event", claimed.Event.EventId), ("type", claimed.Event.Type), ("time", attempt.Time), ("outcome", (int)outcome),
            ("attempts", claimed.AttemptsBefore + 1), ("status", attempt.HttpStatus), ("error", attempt.Error), ("next", next),
            ("id", claimed.Event.SubscriptionId));

    /// <summary>
    /// The most undelivered events one subscription may hold (1000). A sink that falls this far behind (slow, or
    /// answering 429 for hours) would otherwise grow the outbox, shared by every caller, without bound: the subscription
    /// is disabled instead, saying why. Settable for tests.
    /// </summary>
    internal int PendingCap { get; set; } = 1000;

    /// <summary>How much longer than a delivered event a finished subscription is kept (6 days: a week after its end, as pruned hourly with 24 h).</summary>
    internal static readonly TimeSpan FinishedRetention = TimeSpan.FromDays(6);

    // The claims and the owner count in this store's dialect, made once.
    private string OldestHeadsClaim => field ??= WithSkipped(OldestHeadsSql) + SkipLocked;

    private string TakingTurnsClaim => field ??= WithSkipped(TakingTurnsSql) + SkipLocked;

    private string SeveralOwnersQuery => field ??= WithSkipped(SeveralOwnersSql);

    private string WithSkipped(string sql) => sql.Replace(SkippedIds, SkippedIdsSql, StringComparison.Ordinal);

    private async Task<bool> SeveralOwnersAsync(DbConnection c, DbTransaction tx, string skipped, CancellationToken ct)
    {
        using var command = Command(c, tx, SeveralOwnersQuery, ("active", Active), ("skipped", skipped));
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is { } several and not DBNull && Convert.ToBoolean(several, CultureInfo.InvariantCulture);
    }

    private async Task<long> PendingOfAsync(DbConnection c, DbTransaction tx, string id, CancellationToken ct)
    {
        using var command = Command(c, tx, "SELECT count(*) FROM outbox WHERE subscription_id = @id AND delivered_at IS NULL", ("id", id));
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    // The refused event is the one last_delivery names: never attempted, the reason in its error.
    private async Task DisableBehindAsync(DbConnection c, DbTransaction tx, OutboxEvent refused, DateTimeOffset now, CancellationToken ct)
    {
        await DisableSubscriptionAsync(c, tx, refused.SubscriptionId, ct).ConfigureAwait(false);
        await ExecuteAsync(c, tx, ct,
            "UPDATE subscriptions SET last_event_id = @event, last_event_type = @type, last_time = @now, last_outcome = @failed, last_attempts = 0, " +
            "last_http_status = 0, last_next_attempt = NULL, last_error = @error WHERE id = @id",
            ("event", refused.EventId), ("type", refused.Type), ("now", now), ("failed", (int)Delivery.Types.Outcome.Failed),
            ("error", $"the sink fell {PendingCap} events behind; the subscription was disabled and its undelivered events dropped"),
            ("id", refused.SubscriptionId)).ConfigureAwait(false);
    }

    // DISABLED, nothing more watched, its undelivered events dropped: what giving up on a subscription means, whatever the reason.
    private async Task DisableSubscriptionAsync(DbConnection c, DbTransaction tx, string id, CancellationToken ct)
    {
        await ExecuteAsync(c, tx, ct, "DELETE FROM outbox WHERE subscription_id = @id AND delivered_at IS NULL", ("id", id)).ConfigureAwait(false);
        await ExecuteAsync(c, tx, ct, "UPDATE subscriptions SET state = @disabled, watching = @false WHERE id = @id",
            ("disabled", (int)Subscription.Types.State.Disabled), ("false", false), ("id", id)).ConfigureAwait(false);
    }

    private OutboxEvent ReadEvent(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), ReadTime(r, 5), r.GetString(6), r.GetBoolean(7));

    private bool LeaseLost(ClaimedEvent claimed)
    {
        StoreLog.LeaseLost(Logger, claimed.Event.EventId);
        return false;
    }
}
