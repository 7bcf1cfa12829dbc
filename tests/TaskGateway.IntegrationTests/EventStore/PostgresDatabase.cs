using Npgsql;

namespace TaskGateway.IntegrationTests.EventStore;

/// <summary>
/// A fresh database, tg_{random}, on the PostgreSQL cluster TASKGATEWAY_POSTGRES names (`.ci/postgres.sh start` runs
/// one); dropped when disposed. Without that variable the tests that need it skip, unless
/// TASKGATEWAY_REQUIRE_POSTGRES=1 (CI sets both) makes that a failure.
/// </summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly string _server;

    private PostgresDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>The cluster's connection string, or a skip (or, when required, a failure).</summary>
    public static string Server()
    {
        var server = Environment.GetEnvironmentVariable("TASKGATEWAY_POSTGRES");
        if (string.IsNullOrWhiteSpace(server) && Environment.GetEnvironmentVariable("TASKGATEWAY_REQUIRE_POSTGRES") == "1")
        {
            throw new InvalidOperationException("TASKGATEWAY_POSTGRES is not set, and TASKGATEWAY_REQUIRE_POSTGRES=1 requires it (.ci/postgres.sh start).");
        }

        Skip.If(string.IsNullOrWhiteSpace(server), "TASKGATEWAY_POSTGRES is not set (.ci/postgres.sh start prints it)");
        return server!;
    }

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var database = new PostgresDatabase(Server(), "tg_" + Guid.NewGuid().ToString("N"));
        await database.ExecuteOnServerAsync($"CREATE DATABASE {database.Name}");
        return database;
    }

    /// <summary>The same database again, empty, after it was dropped.</summary>
    public static async Task<PostgresDatabase> RecreateAsync(PostgresDatabase dropped)
    {
        var database = new PostgresDatabase(dropped._server, dropped.Name);
        await database.ExecuteOnServerAsync($"CREATE DATABASE {database.Name}");
        return database;
    }

    public async ValueTask DisposeAsync() => await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // A database name cannot be a parameter; this one is "tg_" and hex digits, made here.
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
