using Xunit.Abstractions;

namespace TaskGateway.IntegrationTests.Events;

/// <summary>The durability tests on the default store: a SQLite file that outlives the gateway process.</summary>
[Collection(RealProcesses.Name)]
public sealed class SqlitePushTests(ITestOutputHelper output) : PushDurabilityTests(output), IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tg-push-").FullName;

    private protected override Action<Dictionary<string, string>> Store() =>
        environment => environment["TaskGateway__Events__SqlitePath"] = Path.Combine(_folder, "events.db");

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
