using Xunit.Abstractions;

namespace TaskGateway.IntegrationTests.Events;

/// <summary>The durability tests on PostgreSQL (TaskGateway:Events:PostgreSql), a database of its own per test class.</summary>
[Collection(RealProcesses.Name)]
public sealed class PostgresPushTests(ITestOutputHelper output) : PushDurabilityTests(output), IDisposable
{
    private readonly PushDatabase? _database = PushDatabase.Create();

    private protected override Action<Dictionary<string, string>> Store()
    {
        Skip.If(_database is null, "no PostgreSQL server (CI starts one and sets TASKGATEWAY_POSTGRES)");
        return environment => environment["TaskGateway__Events__PostgreSql"] = _database!.ConnectionString;
    }

    public void Dispose() => _database?.Dispose();
}
