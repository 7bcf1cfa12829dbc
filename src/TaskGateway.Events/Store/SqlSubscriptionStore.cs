using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Logging;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Events.Store;

/// <summary>
/// The store over ADO.NET, one schema in two dialects: the SQL is shared, and each database supplies how it opens,
/// migrates, stores time, locks and tells an unreachable database from a bug. The first call (or
/// <see cref="MigrateAsync"/>) migrates; a failed attempt leaves nothing behind, so the next call tries again.
/// </summary>
internal abstract partial class SqlSubscriptionStore : ISubscriptionStore, IDisposable
{
    private const string Columns =
        "s.id, s.owner, s.target, s.task_target, s.until_expr, s.filter, s.sink_uri, s.secret, s.content_mode, s.state, " +
        "s.create_time, s.watching, s.last_event_id, s.last_event_type, s.last_time, s.last_outcome, s.last_attempts, " +
        "s.last_http_status, s.last_error, s.last_next_attempt";

    private const int Active = (int)Subscription.Types.State.Active;

    private readonly SemaphoreSlim _migrating = new(1, 1);
    private volatile bool _ready;
    private volatile bool _failed;

    protected SqlSubscriptionStore(string setting, ILogger logger)
    {
        Setting = setting;
        Logger = logger;
    }

    public string Setting { get; }

    protected ILogger Logger { get; }

    /// <summary>The schema's steps in order: step i (from 0) brings the schema to version i + 1.</summary>
    protected abstract IReadOnlyList<string> MigrationSteps { get; }

    /// <summary>Appended to the SELECT of the subscription that an enqueue or a result locks first (PostgreSQL: FOR UPDATE).</summary>
    protected abstract string LockRows { get; }

    /// <summary>Appended to the claim's SELECT (PostgreSQL: FOR UPDATE OF o SKIP LOCKED).</summary>
    protected abstract string SkipLocked { get; }

    /// <summary>A subquery whose rows are the strings of the JSON array in the parameter @skipped.</summary>
    protected abstract string SkippedIdsSql { get; }

    /// <summary>The insert that does nothing on a duplicate (subscription, dedupe key).</summary>
    protected abstract string InsertIgnoringDuplicates { get; }

    /// <summary>What follows the insert's VALUES to ignore a duplicate (empty where the insert's verb says it).</summary>
    protected abstract string OnDuplicateDoNothing { get; }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await GuardAsync(async () =>
        {
            await _migrating.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await MigrateOnceAsync(cancellationToken).ConfigureAwait(false);
                _ready = true;
            }
            finally
            {
                _migrating.Release();
            }

            return true;
        }).ConfigureAwait(false);
    }

    public Task PingAsync(CancellationToken cancellationToken) =>
        RunAsync((c, ct) => ScalarAsync(c, null, ct, "SELECT 1"), cancellationToken);

    public Task<bool> TryCreateAsync(SubscriptionRecord subscription, int maxPerOwner, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx, ct) =>
        {
            await LockOwnerAsync(c, tx, subscription.Owner, ct).ConfigureAwait(false);
            var held = Convert.ToInt64(
                await ScalarAsync(c, tx, ct, "SELECT count(*) FROM subscriptions WHERE owner = @owner AND state = @active",
                    ("owner", subscription.Owner), ("active", (int)Subscription.Types.State.Active)).ConfigureAwait(false),
                CultureInfo.InvariantCulture);
            if (held >= maxPerOwner)
            {
                return false;
            }

            await InsertAsync(c, tx, subscription, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public Task<SubscriptionRecord?> GetAsync(string id, string owner, CancellationToken cancellationToken) =>
        RunAsync(async (c, ct) => (await ReadSubscriptionsAsync(
            Command(c, null, $"SELECT {Columns} FROM subscriptions s WHERE s.id = @id AND s.owner = @owner", ("id", id), ("owner", owner)),
            ct).ConfigureAwait(false)).SingleOrDefault(), cancellationToken);

    public Task<IReadOnlyList<SubscriptionRecord>> ListAsync(string owner, string afterId, int limit, CancellationToken cancellationToken) =>
        RunAsync((c, ct) => ReadSubscriptionsAsync(
            Command(c, null, $"SELECT {Columns} FROM subscriptions s WHERE s.owner = @owner AND s.id > @after ORDER BY s.id LIMIT @limit",
                ("owner", owner), ("after", afterId), ("limit", limit)),
            ct), cancellationToken);

    public Task<bool> DeleteAsync(string id, string owner, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx, ct) =>
        {
            var deleted = await ExecuteAsync(c, tx, ct, "DELETE FROM subscriptions WHERE id = @id AND owner = @owner", ("id", id), ("owner", owner))
                .ConfigureAwait(false);
            if (deleted == 0)
            {
                return false;
            }

            // The foreign key cascades too; deleting here does not depend on the connection's foreign key setting.
            await ExecuteAsync(c, tx, ct, "DELETE FROM outbox WHERE subscription_id = @id", ("id", id)).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public Task<IReadOnlyList<SubscriptionRecord>> ListWatchingAsync(CancellationToken cancellationToken) =>
        RunAsync((c, ct) => ReadSubscriptionsAsync(
            Command(c, null, $"SELECT {Columns} FROM subscriptions s WHERE s.state = @active AND s.watching = @true ORDER BY s.id",
                ("active", Active), ("true", true)),
            ct), cancellationToken);

    public Task<IReadOnlyDictionary<string, string>?> LoadViewAsync(string subscriptionId, CancellationToken cancellationToken) =>
        RunAsync(async (c, ct) =>
        {
            var json = await ScalarAsync(c, null, ct, "SELECT view_json FROM subscriptions WHERE id = @id", ("id", subscriptionId)).ConfigureAwait(false);
            return json is string text ? ViewJson.Read(text) : null;
        }, cancellationToken);

    public Task SaveViewAsync(string subscriptionId, IReadOnlyDictionary<string, string> view, CancellationToken cancellationToken) =>
        RunAsync((c, ct) => ExecuteAsync(c, null, ct, "UPDATE subscriptions SET view_json = @view WHERE id = @id", ("view", ViewJson.Write(view)), ("id", subscriptionId)),
            cancellationToken);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _migrating.Dispose();
        }
    }

    /// <summary>Opens a connection.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Opens the connection that migrates: the place to create what must exist first (the SQLite file's folder).</summary>
    protected virtual Task<DbConnection> PrepareAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);

    /// <summary>Begins the migration's transaction, holding whatever keeps a concurrent migration out.</summary>
    protected abstract Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Holds, until the transaction ends, the lock that serialises creations of one owner (none where writers are serial anyway).</summary>
    protected abstract Task LockOwnerAsync(DbConnection connection, DbTransaction transaction, string owner, CancellationToken cancellationToken);

    /// <summary>Drops pooled connections after a failure, so that none broken by it is handed out once the database is back.</summary>
    protected abstract void ForgetConnections();

    /// <summary>A time as the database stores it.</summary>
    protected abstract object ToDb(DateTimeOffset time);

    /// <summary>A stored time.</summary>
    protected abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <summary>Whether the failure means the database cannot be opened or reached (rather than a bug).</summary>
    protected abstract bool IsUnavailable(Exception exception);

    /// <summary>A short description of the failure for the error and the log: no password, no connection string.</summary>
    protected abstract string Describe(Exception exception);

    protected DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] arguments)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // The SQL is this class's constants and the dialect's; every value goes in a parameter.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.Transaction = transaction;
        foreach (var (name, value) in arguments)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value switch
            {
                null => DBNull.Value,
                DateTimeOffset time => ToDb(time),
                _ => value,
            };
            command.Parameters.Add(parameter);
        }

        return command;
    }

    [SuppressMessage("Design", "CA1068", Justification = "The arguments are a params array, which must come last.")]
    protected async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken, string sql, params (string Name, object? Value)[] arguments)
    {
        using var command = Command(connection, transaction, sql, arguments);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    [SuppressMessage("Design", "CA1068", Justification = "The arguments are a params array, which must come last.")]
    protected async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken, string sql, params (string Name, object? Value)[] arguments)
    {
        using var command = Command(connection, transaction, sql, arguments);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    protected async Task<T> RunAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        await GuardAsync(async () =>
        {
            await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
            using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return await work(connection, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);

    protected Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        RunAsync(async (c, ct) =>
        {
            using var transaction = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
            var result = await work(c, transaction, ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return result;
        }, cancellationToken);

    private async Task<T> GuardAsync<T>(Func<Task<T>> work)
    {
        try
        {
            var result = await work().ConfigureAwait(false);
            if (_failed)
            {
                _failed = false;
                StoreLog.Recovered(Logger, Setting);
            }

            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException and not EventStoreUnavailableException && IsUnavailable(e))
        {
            var reason = Describe(e);
            // Warned once per outage (the dispatcher asks every second); "available again" closes it.
            if (!_failed)
            {
                StoreLog.Unavailable(Logger, Setting, reason);
            }

            _failed = true;
            // The database that comes back may be another (restored, recreated): check its schema again first.
            _ready = false;
            ForgetConnections();
            // No inner exception: a driver's message may carry what the connection string holds.
            throw new EventStoreUnavailableException(Setting, $"{Setting}: {reason}");
        }
    }

    private async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _migrating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_ready)
            {
                await MigrateOnceAsync(cancellationToken).ConfigureAwait(false);
                _ready = true;
            }
        }
        finally
        {
            _migrating.Release();
        }
    }

    private async Task MigrateOnceAsync(CancellationToken cancellationToken)
    {
        using var connection = await PrepareAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = await BeginMigrationAsync(connection, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, cancellationToken, "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY)").ConfigureAwait(false);
        var current = Convert.ToInt32(
            await ScalarAsync(connection, transaction, cancellationToken, "SELECT coalesce(max(version), 0) FROM schema_version").ConfigureAwait(false),
            CultureInfo.InvariantCulture);
        for (var version = current + 1; version <= MigrationSteps.Count; version++)
        {
            await ExecuteAsync(connection, transaction, cancellationToken, MigrationSteps[version - 1]).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, cancellationToken, "INSERT INTO schema_version (version) VALUES (@version)", ("version", version))
                .ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (current < MigrationSteps.Count)
        {
            StoreLog.Migrated(Logger, Setting, current, MigrationSteps.Count);
        }
    }

    private Task<int> InsertAsync(DbConnection c, DbTransaction tx, SubscriptionRecord s, CancellationToken ct) =>
        ExecuteAsync(c, tx, ct,
            "INSERT INTO subscriptions (id, owner, target, task_target, until_expr, filter, sink_uri, secret, content_mode, state, create_time, watching) " +
            "VALUES (@id, @owner, @target, @task, @until, @filter, @sink, @secret, @mode, @state, @created, @watching)",
            ("id", s.Id), ("owner", s.Owner), ("target", s.Target), ("task", s.TaskTarget), ("until", s.Until), ("filter", s.Filter),
            ("sink", s.SinkUri), ("secret", s.Secret), ("mode", (int)s.ContentMode), ("state", (int)s.State), ("created", s.CreateTime),
            ("watching", s.Watching));

    private async Task<IReadOnlyList<SubscriptionRecord>> ReadSubscriptionsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        using (command)
        {
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var records = new List<SubscriptionRecord>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                records.Add(ReadSubscription(reader, 0));
            }

            return records;
        }
    }

    private SubscriptionRecord ReadSubscription(DbDataReader r, int at) => new(
        r.GetString(at), r.GetString(at + 1), r.GetString(at + 2), r.GetBoolean(at + 3), r.GetString(at + 4), r.GetString(at + 5),
        r.GetString(at + 6), r.GetString(at + 7), (Sink.Types.ContentMode)r.GetInt32(at + 8), (Subscription.Types.State)r.GetInt32(at + 9),
        ReadTime(r, at + 10), r.GetBoolean(at + 11), ReadLastDelivery(r, at + 12));

    private DeliveryRecord? ReadLastDelivery(DbDataReader r, int at) => r.IsDBNull(at) ? null : new(
        r.GetString(at), r.GetString(at + 1), ReadTime(r, at + 2), (Delivery.Types.Outcome)r.GetInt32(at + 3), r.GetInt32(at + 4),
        r.GetInt32(at + 5), r.GetString(at + 6), r.IsDBNull(at + 7) ? null : ReadTime(r, at + 7));
}
