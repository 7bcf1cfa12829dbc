using Microsoft.Extensions.Logging.Abstractions;
using TaskGateway.Events.Store;
using TaskGateway.Events.Store.Sqlite;
using static TaskGateway.IntegrationTests.EventStore.StoreData;

namespace TaskGateway.IntegrationTests.EventStore;

/// <summary>The store suite on a SQLite file in a folder of its own, and what only a file can do: be reopened, be unopenable.</summary>
public sealed class SqliteStoreTests : SubscriptionStoreSuite
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tg-store-").FullName;

    private string DatabasePath => Path.Combine(_folder, "data", "events.db");

    [Fact]
    public async Task NewStore_SameFileAfterTheFirstIsDisposed_KeepsSubscriptionsEventsLeasesAndViews()
    {
        var first = await OpenStoreAsync();
        var s = NewSubscription(Owner, task: false);
        await first.TryCreateAsync(s, 10, default);
        var e1 = Event(s.Id, "1");
        await first.EnqueueAsync(e1, T0, default);
        await first.EnqueueAsync(Event(s.Id, "2"), T0, default);
        var claimed = Assert.Single(await first.ClaimDueAsync("r1", T0, TimeSpan.FromMinutes(1), 10, 10, [], default));
        await first.RetryAsync(claimed, Attempt(T0, 500, "500"), T0.AddSeconds(5), default);
        await first.SaveViewAsync(s.Id, new Dictionary<string, string> { ["t"] = "e" }, default);
        ((IDisposable)first).Dispose();

        using var second = new SqliteSubscriptionStore(DatabasePath, NullLogger<SqliteSubscriptionStore>.Instance);

        Assert.Equal(s.Id, (await second.GetAsync(s.Id, Owner, default))!.Id);
        Assert.Equal(500, (await second.GetAsync(s.Id, Owner, default))!.LastDelivery!.HttpStatus);
        Assert.Equal("e", (await second.LoadViewAsync(s.Id, default))!["t"]);
        Assert.Equal(2, (await second.StatsAsync(T0, default)).Pending);
        var again = Assert.Single(await second.ClaimDueAsync("r2", T0.AddSeconds(5), TimeSpan.FromMinutes(1), 10, 10, [], default));
        Assert.Equal((e1, 1), (again.Event, again.AttemptsBefore));
    }

    [Fact]
    public async Task AnyCall_ParentOfTheFileIsAFile_UnavailableNamingTheSettingThenWorksOnceThePathIsUsable()
    {
        var blocker = Path.Combine(_folder, "blocked");
        await File.WriteAllTextAsync(blocker, "not a folder");
        using var store = new SqliteSubscriptionStore(Path.Combine(blocker, "events.db"), NullLogger<SqliteSubscriptionStore>.Instance);

        var error = await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.TryCreateAsync(NewSubscription(Owner), 10, default));
        Assert.Equal("TaskGateway:Events:SqlitePath", error.Setting);
        Assert.Contains("TaskGateway:Events:SqlitePath", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.PingAsync(default));
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.MigrateAsync(default));

        File.Delete(blocker);
        Directory.CreateDirectory(blocker);

        await store.PingAsync(default);
        var created = NewSubscription(Owner);
        Assert.True(await store.TryCreateAsync(created, 10, default));
        Assert.Equal(created, await store.GetAsync(created.Id, Owner, default));
    }

    [Fact]
    public async Task AnyCall_NoFileYet_FolderDatabaseAndWalReadableByItsOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only
        }

        using var store = new SqliteSubscriptionStore(DatabasePath, NullLogger<SqliteSubscriptionStore>.Instance);

        Assert.True(await store.TryCreateAsync(NewSubscription(Owner), 10, default));

        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(ownerOnly, File.GetUnixFileMode(DatabasePath));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(DatabasePath + "-wal"));
        Assert.Equal(ownerOnly | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(DatabasePath)!));
    }

    [Fact]
    public async Task AnyCall_FileAlreadyThere_KeepsItsMode()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only
        }

        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        const UnixFileMode groupReadable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        await File.WriteAllBytesAsync(DatabasePath, []);
        File.SetUnixFileMode(DatabasePath, groupReadable);
        using var store = new SqliteSubscriptionStore(DatabasePath, NullLogger<SqliteSubscriptionStore>.Instance);

        Assert.True(await store.TryCreateAsync(NewSubscription(Owner), 10, default));

        Assert.Equal(groupReadable, File.GetUnixFileMode(DatabasePath));
    }

    [Fact]
    public async Task AnyCall_FileIsNotADatabase_Unavailable()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await File.WriteAllTextAsync(DatabasePath, new string('x', 8192));
        using var store = new SqliteSubscriptionStore(DatabasePath, NullLogger<SqliteSubscriptionStore>.Instance);

        var error = await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.ListWatchingAsync(default));
        Assert.Equal("TaskGateway:Events:SqlitePath", error.Setting);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private protected override Task<ISubscriptionStore> NewStoreAsync() =>
        Task.FromResult<ISubscriptionStore>(new SqliteSubscriptionStore(DatabasePath, NullLogger<SqliteSubscriptionStore>.Instance));
}
