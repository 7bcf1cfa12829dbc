using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace TaskGateway.Events.Store.Sqlite;

/// <summary>
/// The store in one SQLite file (WAL): one process writes, and a write transaction (BEGIN IMMEDIATE) takes the file's
/// one write lock at its start, so a read-then-write (the owner's count, an enqueue's checks, a claim) is atomic.
/// </summary>
internal sealed class SqliteSubscriptionStore : SqlSubscriptionStore
{
    /// <summary>The setting that names the file.</summary>
    public const string SettingName = EventsOptions.SectionName + ":SqlitePath";

    // SQLite's result codes for a file that cannot be opened, read or written (as opposed to a bad statement).
    private static readonly HashSet<int> UnavailableCodes = [3, 5, 6, 8, 10, 11, 13, 14, 23, 26];

    private readonly string _path;
    private readonly string _connectionString;

    public SqliteSubscriptionStore(string path, ILogger<SqliteSubscriptionStore> logger)
        : base(SettingName, logger)
    {
        _path = Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    protected override IReadOnlyList<string> MigrationSteps => SqliteSchema.Steps;

    protected override string LockRows => string.Empty;

    protected override string SkipLocked => string.Empty;

    protected override string SkippedIdsSql => "SELECT value FROM json_each(@skipped)";

    protected override string InsertIgnoringDuplicates => "INSERT OR IGNORE";

    protected override string OnDuplicateDoNothing => string.Empty;

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Writers of other processes (a CLI, a second gateway by mistake) wait for the lock rather than fail at once.
            await ExecuteAsync(connection, null, cancellationToken, "PRAGMA busy_timeout = 10000").ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected override async Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // WAL is a property of the file, kept once set; it cannot change inside a transaction.
        await ExecuteAsync(connection, null, cancellationToken, "PRAGMA journal_mode = WAL").ConfigureAwait(false);
        return await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task<DbConnection> PrepareAsync(CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
        {
            // A folder the gateway makes for its events database is its own alone; one that exists keeps its mode.
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        CreateOwnerOnly(_path);
        return await OpenAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The database holds the sinks' signing secrets: a file the gateway creates is readable and writable by its own
    /// user only (SQLite gives the -wal and -shm files it adds the database file's mode). An existing file keeps the
    /// mode its operator gave it.
    /// </summary>
    private static void CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows() || File.Exists(path))
        {
            return;
        }

        try
        {
            using var created = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process (a second gateway, the CLI) created it first: SQLite opens that one.
        }
    }

    protected override Task LockOwnerAsync(DbConnection connection, DbTransaction transaction, string owner, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    protected override void ForgetConnections()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    protected override object ToDb(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    protected override bool IsUnavailable(Exception exception) => exception switch
    {
        SqliteException e => UnavailableCodes.Contains(e.SqliteErrorCode),
        IOException or UnauthorizedAccessException => true,
        _ => false,
    };

    protected override string Describe(Exception exception) => exception switch
    {
        SqliteException e => $"the SQLite database {_path} cannot be opened or written ({e.Message})",
        _ => $"the SQLite database {_path} cannot be opened or written ({exception.GetType().Name}: {exception.Message})",
    };

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Pooled connections keep the file open; a store that is done lets it go.
            ForgetConnections();
        }

        base.Dispose(disposing);
    }
}
