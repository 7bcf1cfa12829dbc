using System.Diagnostics;
using StackExchange.Redis;
using TaskGateway.Sandbox;
using Xunit.Abstractions;

namespace TaskGateway.IntegrationTests;

/// <summary>
/// Replicas behind one upstream, coordinated through a real redis-server: one poll per watched task per interval
/// whatever the number of replicas, a dead leader's tasks taken over within the lease's TTL, and watch streams that
/// outlive the loss of Redis. Real processes keep real time: polls are counted over measured windows.
/// </summary>
[Collection(RealProcesses.Name)]
public class ScaleOutTests(ITestOutputHelper output)
{
    // Ten running CloudDC instances, watched until they stop (they never do): polled for as long as the test runs.
    private const string Until = "details.state = stopped";
    private const string FleetPath = "/instances/cdc-fleet-";
    private const string AstraFailed = $"sources/astra/accounts/{SandboxIds.AstraAccount}/tasks/a1b2c3d4-0000-4000-8000-000000000007";
    private static readonly string[] Fleet = [.. Enumerable.Range(1, 10).Select(i => $"sources/clouddc/projects/{SandboxIds.Project}/instances/cdc-fleet-{i:00}/status")];

    [SkippableFact]
    public async Task ThreeReplicasWithRedis_300WatchersOf10Tasks_OnePollPerTaskPerIntervalThroughFailoverAndRedisLoss()
    {
        using var redis = RedisServer.Find();
        Skip.If(redis is null, "redis-server is not installed (CI installs it and sets TASKGATEWAY_REQUIRE_REDIS=1)");
        await redis.StartAsync();
        using var cluster = await Cluster.StartAsync();
        var replicas = await cluster.AddReplicasAsync(3, redis.Configuration);
        var watchers = Watch(replicas, perTaskPerReplica: 10);
        try
        {
            Assert.Equal(300, watchers.Count);
            await EventuallyAsync(() => Task.FromResult(watchers.All(w => w.Opened)), TimeSpan.FromSeconds(60), "every watcher to get its INITIAL event");
            await Task.Delay(TimeSpan.FromSeconds(2));
            var coordinated = await PollsPerIntervalAsync(cluster, TimeSpan.FromSeconds(20));
            output.WriteLine($"3 replicas with Redis, 300 watchers of 10 tasks: {coordinated:F2} polls per 1 s interval (one per task: 10)");
            Assert.InRange(coordinated, 9.0, 11.0);

            // A watcher resumes on another replica with its last resume token: nothing changed, so no INITIAL again.
            Assert.Equal(Contracts.V1.WatchEventType.Heartbeat, await ResumeElsewhereAsync(replicas[0], replicas[1]));

            // A freshness window is shared by the replicas: three GetTask calls on each cost one upstream call.
            var fetched = await GetFromEveryReplicaAsync(cluster, replicas);
            output.WriteLine($"3 replicas with Redis, 9 GetTask calls of one task in its freshness window: {fetched} upstream call(s)");
            Assert.Equal(1, fetched);

            // Failover: kill the replica that leads the most tasks.
            using var mux = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
            var leases = await LeasesAsync(mux);
            Assert.Equal(10, leases.Count);
            var leaderPid = leases.Values.GroupBy(pid => pid).MaxBy(g => g.Count())!.Key;
            var leader = replicas.Single(r => r.Process.Id == leaderPid);
            var survivors = watchers.Where(w => w.Replica != leader).ToList();
            var killed = Stopwatch.StartNew();
            var killedAt = Stopwatch.GetTimestamp();
            leader.Process.Kill();
            await EventuallyAsync(async () => (await LeasesAsync(mux)) is { Count: 10 } now && now.Values.All(pid => pid != leaderPid), TimeSpan.FromSeconds(30), "every lease to move off the dead leader");
            var failover = killed.Elapsed;
            output.WriteLine($"lease moved off the killed leader in {failover.TotalSeconds:F2} s (lease TTL {Cluster.LeaseTtl.TotalSeconds} s, renewed every {Cluster.LeaseTtl.TotalSeconds / 3:F1} s)");
            // The dead leader's lease outlives it by at most one TTL; followers look right after it runs out. The second
            // of slack covers the kill itself and this test's own looks at Redis (every 100 ms).
            Assert.True(failover <= Cluster.LeaseTtl + TimeSpan.FromSeconds(1), $"failover took {failover}");
            await EventuallyAsync(() => Task.FromResult(survivors.All(w => w.LastEvent > killedAt)), TimeSpan.FromSeconds(10), "every surviving stream to hear from its replica after the kill");
            Assert.All(survivors, w => Assert.Null(w.Failure));
            var afterFailover = await PollsPerIntervalAsync(cluster, TimeSpan.FromSeconds(10));
            output.WriteLine($"after failover (2 replicas): {afterFailover:F2} polls per interval");
            Assert.InRange(afterFailover, 9.0, 11.0);

            // Redis goes away: every surviving replica polls for itself, streams go on, and it says so once.
            var stoppedAt = Stopwatch.GetTimestamp();
            redis.Stop();
            await Task.Delay(TimeSpan.FromSeconds(3));
            var local = await PollsPerIntervalAsync(cluster, TimeSpan.FromSeconds(10));
            output.WriteLine($"Redis stopped (2 replicas poll locally): {local:F2} polls per interval");
            Assert.InRange(local, 18.0, 22.0);
            Assert.All(survivors, w => Assert.True(w.Failure is null && !w.Ended && w.LastEvent > stoppedAt, $"a stream on {w.Replica.Process.Name} broke without Redis: {w.Failure}"));
            Assert.All(replicas.Where(r => r != leader), r => Assert.Equal(1, r.Process.CountLines("[2101]")));
            foreach (var replica in replicas.Where(r => r != leader))
            {
                using var ready = await replica.Rest.GetAsync("/healthz/ready");
                Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
            }

            // Shared fetches go on too: without their second level, each replica serves from its own first level or fetches.
            var withoutRedis = await GetFromEveryReplicaAsync(cluster, [.. replicas.Where(r => r != leader)]);
            output.WriteLine($"Redis stopped, 2 replicas, 6 GetTask calls (all answered) of a task in its window: {withoutRedis} upstream call(s)");

            // Redis comes back: the replicas coordinate again.
            await redis.StartAsync();
            await EventuallyAsync(() => Task.FromResult(replicas.Where(r => r != leader).All(r => r.Process.CountLines("[2102]") == 1)), TimeSpan.FromSeconds(30), "the replicas to reach Redis again");
            await Task.Delay(Cluster.LeaseTtl);
            var recovered = await PollsPerIntervalAsync(cluster, TimeSpan.FromSeconds(10));
            output.WriteLine($"Redis back: {recovered:F2} polls per interval");
            Assert.InRange(recovered, 9.0, 11.0);
            Assert.All(survivors, w => Assert.Null(w.Failure));

            // One replica left, with Redis: still one poll per task per interval.
            var second = replicas.First(r => r != leader);
            second.Process.Kill();
            var last = replicas.Single(r => r != leader && r != second);
            await EventuallyAsync(async () => (await LeasesAsync(mux)) is { Count: 10 } now && now.Values.All(pid => pid == last.Process.Id), TimeSpan.FromSeconds(30), "the last replica to hold every lease");
            var alone = await PollsPerIntervalAsync(cluster, TimeSpan.FromSeconds(10));
            output.WriteLine($"1 replica with Redis: {alone:F2} polls per interval");
            Assert.InRange(alone, 9.0, 11.0);
            Assert.All(watchers.Where(w => w.Replica == last), w => Assert.Null(w.Failure));
        }
        finally
        {
            watchers.ForEach(w => w.Dispose());
        }
    }

    [Fact]
    public async Task ReplicasWithoutRedis_300WatchersOf10Tasks_EachReplicaPollsEveryTask()
    {
        using var cluster = await Cluster.StartAsync();
        var one = await cluster.AddReplicasAsync(1, redis: null);
        var watchers = Watch(one, perTaskPerReplica: 30);
        try
        {
            await EventuallyAsync(() => Task.FromResult(watchers.All(w => w.Opened)), TimeSpan.FromSeconds(60), "every watcher to get its INITIAL event");
            var single = await PollsPerIntervalAsync(cluster, TimeSpan.FromSeconds(10));
            output.WriteLine($"1 replica without Redis, 300 watchers of 10 tasks: {single:F2} polls per interval");
            Assert.InRange(single, 9.0, 11.0);

            var more = await cluster.AddReplicasAsync(2, redis: null);
            var fetched = await GetFromEveryReplicaAsync(cluster, cluster.Replicas);
            output.WriteLine($"3 replicas without Redis, 9 GetTask calls of one task in its freshness window: {fetched} upstream call(s)");
            Assert.Equal(3, fetched);
            watchers.ForEach(w => w.Dispose());
            watchers = Watch(cluster.Replicas, perTaskPerReplica: 10);
            await EventuallyAsync(() => Task.FromResult(watchers.All(w => w.Opened)), TimeSpan.FromSeconds(60), "every watcher to get its INITIAL event");
            // Past the pollers' idle timeout (5 s), so the first replica's watchers that left no longer count.
            await Task.Delay(TimeSpan.FromSeconds(6));
            var three = await PollsPerIntervalAsync(cluster, TimeSpan.FromSeconds(10));
            output.WriteLine($"3 replicas without Redis, 300 watchers of 10 tasks: {three:F2} polls per interval");
            Assert.InRange(three, 27.0, 33.0);
        }
        finally
        {
            watchers.ForEach(w => w.Dispose());
        }
    }

    // Opens a stream on one replica, takes the token of its INITIAL event, resumes on another: the first event there.
    private static async Task<Contracts.V1.WatchEventType> ResumeElsewhereAsync(Replica first, Replica second)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string token;
        using (var call = first.Client.WatchTask(new Contracts.V1.WatchTaskRequest { Name = Fleet[0], Until = Until }, cancellationToken: timeout.Token))
        {
            Assert.True(await call.ResponseStream.MoveNext(timeout.Token));
            Assert.Equal(Contracts.V1.WatchEventType.Initial, call.ResponseStream.Current.Type);
            token = call.ResponseStream.Current.ResumeToken;
        }

        using var resumed = second.Client.WatchTask(new Contracts.V1.WatchTaskRequest { Name = Fleet[0], Until = Until, ResumeToken = token }, cancellationToken: timeout.Token);
        Assert.True(await resumed.ResponseStream.MoveNext(timeout.Token));
        return resumed.ResponseStream.Current.Type;
    }

    // Three sequential GetTask calls of one Astra task on every replica; the upstream calls they cost.
    private static async Task<int> GetFromEveryReplicaAsync(Cluster cluster, IReadOnlyList<Replica> replicas)
    {
        var path = AstraFailed[AstraFailed.LastIndexOf('/')..];
        var before = await cluster.RequestsAsync(path);
        foreach (var replica in replicas)
        {
            for (var i = 0; i < 3; i++)
            {
                var task = (await replica.Client.GetTaskAsync(new Contracts.V1.GetTaskRequest { Name = AstraFailed })).Task;
                Assert.Equal(Contracts.V1.CloudTask.Types.State.Failed, task.State);
            }
        }

        return await cluster.RequestsAsync(path) - before;
    }

    private static List<Watcher> Watch(IReadOnlyList<Replica> replicas, int perTaskPerReplica) =>
        [.. replicas.SelectMany(r => Fleet.SelectMany(name => Enumerable.Range(0, perTaskPerReplica).Select(_ => new Watcher(r, name, Until))))];

    // Polls of the fleet per second, which is per interval: MinPollInterval = MaxPollInterval = 1 s.
    private static async Task<double> PollsPerIntervalAsync(Cluster cluster, TimeSpan window)
    {
        var before = await cluster.RequestsAsync(FleetPath);
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        var after = await cluster.RequestsAsync(FleetPath);
        return (after - before) / clock.Elapsed.TotalSeconds;
    }

    // The replica process holding each lease (lease values begin "{machine}:{pid}:").
    private static async Task<Dictionary<string, int>> LeasesAsync(ConnectionMultiplexer mux)
    {
        var server = mux.GetServer(mux.GetEndPoints()[0]);
        var leases = new Dictionary<string, int>();
        await foreach (var key in server.KeysAsync(pattern: "taskgateway:lease:*"))
        {
            if (await mux.GetDatabase().StringGetAsync(key) is { HasValue: true } value)
            {
                leases[key.ToString()] = int.Parse(value.ToString().Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return leases;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, $"timed out after {timeout} waiting for {what}");
            await Task.Delay(100);
        }
    }
}
