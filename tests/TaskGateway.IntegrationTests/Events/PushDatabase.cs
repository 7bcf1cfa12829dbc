using Npgsql;

namespace TaskGateway.IntegrationTests.Events;

/// <summary>
/// A fresh database on the PostgreSQL server that `.ci/run` starts (TASKGATEWAY_POSTGRES, an administrator's connection
/// string), dropped afterwards. Without one the tests skip, unless TASKGATEWAY_REQUIRE_POSTGRES=1 (CI), when they fail.
/// </summary>
internal sealed class PushDatabase : IDisposable
{
    private readonly string _admin;
    private readonly string _name = "tg_push_" + Guid.NewGuid().ToString("N")[..12];

    private PushDatabase(string admin)
    {
        _admin = admin;
        using var connection = new NpgsqlConnection(admin);
        connection.Open();
        using var create = new NpgsqlCommand($"CREATE DATABASE {_name}", connection);
        create.ExecuteNonQuery();
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = _name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static PushDatabase? Create()
    {
        var admin = Environment.GetEnvironmentVariable("TASKGATEWAY_POSTGRES");
        if (string.IsNullOrEmpty(admin))
        {
            Assert.False(Environment.GetEnvironmentVariable("TASKGATEWAY_REQUIRE_POSTGRES") == "1", "TASKGATEWAY_REQUIRE_POSTGRES=1 but TASKGATEWAY_POSTGRES is not set");
            return null;
        }

        return new PushDatabase(admin);
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(_admin);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}
