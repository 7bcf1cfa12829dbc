using Microsoft.Extensions.DependencyInjection;
using TaskGateway.Events;
using TaskGateway.Events.Store;
using TaskGateway.Events.Store.Postgres;
using TaskGateway.Events.Store.Sqlite;

namespace TaskGateway.IntegrationTests.EventStore;

/// <summary>AddEventStore picks the store from the options and opens nothing until the store is first used.</summary>
public sealed class StoreRegistrationTests
{
    [Fact]
    public async Task AddEventStore_RelativeSqlitePath_NothingOpenedUntilFirstUseThenTheFileIsBesideTheApp()
    {
        var folder = "tg-store-" + Guid.NewGuid().ToString("N");
        var absolute = Path.Combine(AppContext.BaseDirectory, folder);
        try
        {
            await using var provider = Services(new EventsOptions { SqlitePath = $"{folder}/events.db" });

            var store = provider.GetRequiredService<ISubscriptionStore>();

            Assert.IsType<SqliteSubscriptionStore>(store);
            Assert.Equal("TaskGateway:Events:SqlitePath", store.Setting);
            Assert.False(Directory.Exists(absolute));
            await store.PingAsync(default);
            Assert.True(File.Exists(Path.Combine(absolute, "events.db")));
        }
        finally
        {
            if (Directory.Exists(absolute))
            {
                Directory.Delete(absolute, recursive: true);
            }
        }
    }

    [Fact]
    public async Task AddEventStore_PostgreSqlSetToAClosedPort_PostgresStoreResolvedWithoutConnecting()
    {
        await using var provider = Services(new EventsOptions { PostgreSql = $"Host=127.0.0.1;Port={LocalPorts.Free()};Username=u;Database=d" });

        var store = provider.GetRequiredService<ISubscriptionStore>();

        Assert.IsType<PostgresSubscriptionStore>(store);
        Assert.Equal("TaskGateway:Events:PostgreSql", store.Setting);
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.PingAsync(default));
    }

    private static ServiceProvider Services(EventsOptions options)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        return services.AddEventStore().BuildServiceProvider();
    }
}
