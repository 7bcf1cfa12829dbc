using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TaskGateway.Events.Store;
using TaskGateway.Events.Store.Postgres;
using static TaskGateway.IntegrationTests.EventStore.StoreData;

namespace TaskGateway.IntegrationTests.EventStore;

/// <summary>
/// The store suite on PostgreSQL: each test on a database of its own on the cluster TASKGATEWAY_POSTGRES names, and
/// its stores (replicas) sharing it; and a PostgreSQL that is not there.
/// </summary>
public sealed class PostgresStoreTests : SubscriptionStoreSuite
{
    private PostgresDatabase? _database;

    [Fact]
    public async Task AnyCall_NothingListensOnThePort_UnavailableNamingTheSettingWithoutThePassword()
    {
        var connectionString = $"Host=127.0.0.1;Port={LocalPorts.Free()};Username=gateway;Password=hunter2-secret;Database=events;Timeout=5";
        await using var store = new PostgresSubscriptionStore(connectionString, NullLogger<PostgresSubscriptionStore>.Instance);

        var error = await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.TryCreateAsync(NewSubscription(Owner), 10, default));

        Assert.Equal("TaskGateway:Events:PostgreSql", error.Setting);
        Assert.Contains("127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.PingAsync(default));
    }

    [Fact]
    public async Task AnyCall_MalformedConnectionString_Unavailable()
    {
        await using var store = new PostgresSubscriptionStore("Host=127.0.0.1;Password=hunter2-secret;NoSuchKeyword=1", NullLogger<PostgresSubscriptionStore>.Instance);

        var error = await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.PingAsync(default));

        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task AnyCall_DatabaseDroppedThenCreatedAgain_UnavailableThenWorks()
    {
        var store = await OpenStoreAsync();
        var database = _database!;
        await database.DisposeAsync();

        var error = await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.ListWatchingAsync(default));
        Assert.Equal("TaskGateway:Events:PostgreSql", error.Setting);

        _database = await PostgresDatabase.RecreateAsync(database);
        await store.MigrateAsync(default);
        Assert.True(await store.TryCreateAsync(NewSubscription(Owner), 10, default));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private protected override async Task<ISubscriptionStore> NewStoreAsync()
    {
        _database ??= await PostgresDatabase.CreateAsync();
        return new PostgresSubscriptionStore(_database.ConnectionString, NullLogger<PostgresSubscriptionStore>.Instance);
    }
}
