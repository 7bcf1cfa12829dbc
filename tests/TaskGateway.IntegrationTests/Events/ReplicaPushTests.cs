using TaskGateway.Contracts.V1;
using Xunit.Abstractions;

namespace TaskGateway.IntegrationTests.Events;

/// <summary>
/// Two gateway processes on one PostgreSQL database, without Redis: each polls every subscribed task, so each sees every
/// match, and each match is still delivered exactly once (enqueued once by an idempotent insert, claimed by one replica).
/// </summary>
[Collection(RealProcesses.Name)]
public sealed class ReplicaPushTests(ITestOutputHelper output) : IDisposable
{
    private const string Until = "details.state = running";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly PushDatabase? _database = PushDatabase.Create();

    [SkippableFact]
    public async Task TwoReplicasOnOnePostgreSql_EveryMatchSeenByBoth_EachDeliveredExactlyOnce()
    {
        Skip.If(_database is null, "no PostgreSQL server (CI starts one and sets TASKGATEWAY_POSTGRES)");
        await using var push = await PushCluster.StartAsync(environment => environment["TaskGateway__Events__PostgreSql"] = _database!.ConnectionString);
        var replicas = new[] { await push.StartGatewayAsync(), await push.StartGatewayAsync() };
        var instances = Enumerable.Range(3, 5).ToArray();
        var names = new List<string>();
        foreach (var i in instances)
        {
            // Created alternately on either replica; the other finds it when it reads the store again.
            names.Add(await push.SubscribeAsync(replicas[i % 2], PushCluster.Stepped(i), Until, $"r{i}"));
        }

        await PushCluster.EventuallyAsync(async () => await PushCluster.WatchersAsync(replicas[0]) >= instances.Length && await PushCluster.WatchersAsync(replicas[1]) >= instances.Length,
            Bound, "both replicas to watch every subscription");
        foreach (var i in instances)
        {
            await push.AdvanceAsync(i, 2);
        }

        foreach (var name in names)
        {
            await PushCluster.EventuallyAsync(async () => (await replicas[0].Client.GetSubscriptionAsync(new GetSubscriptionRequest { Name = name })).Subscription.State == Subscription.Types.State.Completed,
                Bound, $"{name} to complete");
        }

        var delivered = push.Receiver.Delivered;
        output.WriteLine($"2 replicas, {instances.Length} matches: {delivered.Count} deliveries, {push.Receiver.All.Count} requests");
        Assert.Equal(instances.Length, delivered.Count);
        Assert.Equal(instances.Length, delivered.Select(d => d.WebhookId).Distinct().Count());
        Assert.Equal(instances.Select(i => $"r{i}").Order(), delivered.Select(d => d.Path).Order());
        Assert.All(delivered, d => Assert.Equal("taskgateway.task.matched", d.Event!.Type));
    }

    public void Dispose() => _database?.Dispose();
}
