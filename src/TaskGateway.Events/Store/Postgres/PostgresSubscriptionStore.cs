using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace TaskGateway.Events.Store.Postgres;

/// <summary>
/// The store in PostgreSQL, shared by replicas: migrations under an advisory lock, an owner's creations under an
/// advisory lock on the owner, an enqueue under the subscription's row lock, claims with FOR UPDATE SKIP LOCKED.
/// The data source is built on first use, so a bad connection string is an unavailable store, not a failed start.
/// </summary>
internal sealed class PostgresSubscriptionStore : SqlSubscriptionStore, IAsyncDisposable
{
    /// <summary>The setting that holds the connection string.</summary>
    public const string SettingName = EventsOptions.SectionName + ":PostgreSql";

    // Any constants, fixed forever: replicas of every version must take the same lock to migrate; owners' locks use
    // the two-key form with this class id so they never meet the migration's one-key lock.
    private const long MigrationLock = 0x7461736B_67770001;
    private const int OwnerLockClass = 0x74670002;

    // SQLSTATE classes of a database that cannot be reached or used now: connection (08), authorization (28),
    // missing catalog (3D), resources (53), operator intervention (57).
    private static readonly string[] UnavailableStates = ["08", "28", "3D", "53", "57"];

    private readonly string _connectionString;
    private readonly Lazy<NpgsqlDataSource> _dataSource;

    public PostgresSubscriptionStore(string connectionString, ILogger<PostgresSubscriptionStore> logger)
        : base(SettingName, logger)
    {
        _connectionString = connectionString;
        _dataSource = new Lazy<NpgsqlDataSource>(() => NpgsqlDataSource.Create(_connectionString));
    }

    protected override IReadOnlyList<string> MigrationSteps => PostgresSchema.Steps;

    protected override string LockRows => " FOR UPDATE";

    protected override string SkipLocked => " FOR UPDATE OF o SKIP LOCKED";

    protected override string SkippedIdsSql => "SELECT jsonb_array_elements_text(CAST(@skipped AS jsonb))";

    protected override string InsertIgnoringDuplicates => "INSERT";

    protected override string OnDuplicateDoNothing => " ON CONFLICT DO NOTHING";

    public async ValueTask DisposeAsync()
    {
        if (_dataSource.IsValueCreated)
        {
            await _dataSource.Value.DisposeAsync().ConfigureAwait(false);
        }

        base.Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.Value.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override async Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, cancellationToken, "SELECT pg_advisory_xact_lock(@key)", ("key", MigrationLock)).ConfigureAwait(false);
        return transaction;
    }

    protected override Task LockOwnerAsync(DbConnection connection, DbTransaction transaction, string owner, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, cancellationToken, "SELECT pg_advisory_xact_lock(@class, hashtext(@owner))",
            ("class", OwnerLockClass), ("owner", owner));

    protected override void ForgetConnections()
    {
        if (_dataSource.IsValueCreated)
        {
            _dataSource.Value.Clear();
        }
    }

    protected override object ToDb(DateTimeOffset time) => time.ToUniversalTime();

    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    protected override bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException e => UnavailableStates.Any(c => e.SqlState.StartsWith(c, StringComparison.Ordinal)),
        NpgsqlException or SocketException or TimeoutException => true,
        // NpgsqlDataSource.Create refuses a malformed connection string.
        ArgumentException => !_dataSource.IsValueCreated,
        _ => false,
    };

    // Npgsql's own messages may quote the connection string; these are written here from its parts and the failure's kind.
    protected override string Describe(Exception exception)
    {
        var where = Where();
        return exception switch
        {
            PostgresException e => $"PostgreSQL {where} refused: SQLSTATE {e.SqlState}",
            ArgumentException => "the PostgreSQL connection string is not valid",
            _ when Find<SocketException>(exception) is { } socket => $"PostgreSQL {where} cannot be reached ({socket.SocketErrorCode})",
            _ when Find<TimeoutException>(exception) is not null => $"PostgreSQL {where} did not answer in time",
            _ => $"PostgreSQL {where} cannot be reached ({exception.GetType().Name})",
        };
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _dataSource.IsValueCreated)
        {
            _dataSource.Value.Dispose();
        }

        base.Dispose(disposing);
    }

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T found)
            {
                return found;
            }
        }

        return null;
    }

    private string Where()
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(_connectionString);
            return $"at {builder.Host}:{builder.Port} (database {builder.Database})";
        }
        catch (ArgumentException)
        {
            return "(connection string not valid)";
        }
    }
}
