using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;
using TaskGateway.Sandbox;
using Xunit.Abstractions;

namespace TaskGateway.IntegrationTests;

/// <summary>
/// Replicas behind one upstream, coordinated through a real redis-server: one poll per watched task per interval
/// whatever the number of replicas, every change of a task reaching every watcher on every replica (followers, which
/// do not poll it, included) in order and to its end, through a killed leader and a Redis restart, where an older
/// term's state is never believed again. The tasks watched change only when the test advances them (the sandbox's
/// on-demand CloudDC instances, POST /_sandbox/advance), so each change is made after the event it follows, and the
/// test waits for conditions (every watcher saw the change, a lease moved, a line was logged) with generous bounds.
/// Only polls per interval are measured over windows of real time: they are a rate.
/// </summary>
[Collection(RealProcesses.Name)]
public class ScaleOutTests(ITestOutputHelper output)
{
    // Ten on-demand CloudDC instances, watched until they are terminated (the last step): every stream lasts until
    // the test ends them. Their states in order, as the task's source_state ("{state}/{operation_state}") says them.
    private const string Until = "details.state = terminated";
    private const string Stepped = "cdc-step-";
    private const string SteppedPath = "/instances/" + Stepped;
    private const string AstraFailed = $"sources/astra/accounts/{SandboxIds.AstraAccount}/tasks/a1b2c3d4-0000-4000-8000-000000000007";

    private static readonly string[] Steps =
    [
        "pending/install-processing",
        "stopped/install-succeed",
        "running/poweron-succeed",
        "stopped/poweroff-succeed",
        "running/reboot-succeed",
        "shutting-down/uninstall-processing",
        "terminated/uninstall-succeed",
    ];

    private static readonly string[] Tasks = [.. Enumerable.Range(1, 10).Select(i => $"sources/clouddc/projects/{SandboxIds.Project}/instances/{Stepped}{i:00}/status")];

    // A change reaches a watcher within a poll interval (1 s) and a Redis hop; the rest is slack for two loaded cores.
    private static readonly TimeSpan ChangeBound = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task ThreeReplicasWithRedis_300WatchersOf10ChangingTasks_OnePollPerTaskAndEveryChangeOnEveryReplicaThroughFailoverAndRedisRestart()
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
            AssertSaw(watchers, 0);
            using var mux = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
            await EventuallyAsync(async () => (await LeasesAsync(mux)).Count == 10, TimeSpan.FromSeconds(30), "a lease for every watched task");
            var coordinated = await PollsPerIntervalAsync(cluster, TimeSpan.FromSeconds(20));
            output.WriteLine($"3 replicas with Redis, 300 watchers of 10 tasks: {coordinated:F2} polls per 1 s interval (one per task: 10)");
            Assert.InRange(coordinated, 8.0, 11.0);

            // A change reaches every watcher: on the replica leading its task and on the two that follow it (which do
            // not poll it: one poll per task per interval, above). Who leads which task: the task in each key's last state.
            // A lease may change hands during the step on a loaded machine (its TTL is 3 s): a watcher counts as a
            // follower only on a replica that led its task neither just before nor just after the step (a task handed
            // over leaves 10 followers, the third replica's, instead of 20; one handed on twice is not told apart). Only
            // one replica's leases may move, as when that replica stalls past a TTL; more would mean renewals lapse.
            // Leaders are read once every task has a lease again (a handover leaves a gap).
            var leaders = await SettledLeadersAsync(mux);
            await AdvanceAndWaitAsync(cluster, watchers, 1);
            var leadersAfter = await SettledLeadersAsync(mux);
            Assert.Equal(leaders.Keys.Order(), leadersAfter.Keys.Order());
            var handedOver = leaders.Count(l => leadersAfter[l.Key] != l.Value);
            var followers = watchers.Where(w => w.Replica.Process.Id != leaders[w.Name] && w.Replica.Process.Id != leadersAfter[w.Name]).ToList();
            output.WriteLine($"step 1 reached all 300 watchers, {followers.Count} of them on replicas following their task throughout ({handedOver} lease(s) changed hands during the step)");
            Assert.True(handedOver <= leaders.Values.GroupBy(pid => pid).Max(g => g.Count()), $"{handedOver} leases changed hands during one step: more than one replica held");
            Assert.Equal(200 - (10 * handedOver), followers.Count);

            // A watcher resumes on another replica with its last resume token: nothing changed, so no INITIAL again.
            Assert.Equal(Contracts.V1.WatchEventType.Heartbeat, await ResumeElsewhereAsync(replicas[0], replicas[1]));

            // A freshness window is shared by the replicas: three GetTask calls on each cost one upstream call.
            var fetched = await GetFromEveryReplicaAsync(cluster, replicas);
            output.WriteLine($"3 replicas with Redis, 9 GetTask calls of one task in its freshness window: {fetched} upstream call(s)");
            Assert.Equal(1, fetched);

            // Failover: kill the replica that leads the most tasks; a change made after its leases moved reaches every
            // surviving watcher (those that followed the dead leader's tasks now follow or lead them).
            var leases = await LeasesAsync(mux);
            var leaderPid = leases.Values.GroupBy(pid => pid).MaxBy(g => g.Count())!.Key;
            var leader = replicas.Single(r => r.Process.Id == leaderPid);
            var alive = replicas.Where(r => r != leader).ToList();
            var survivors = watchers.Where(w => w.Replica != leader).ToList();
            var killed = Stopwatch.StartNew();
            leader.Process.Kill();
            await EventuallyAsync(async () => (await LeasesAsync(mux)) is { Count: 10 } now && now.Values.All(pid => pid != leaderPid), TimeSpan.FromSeconds(30), "every lease to move off the dead leader");
            var failover = killed.Elapsed;
            output.WriteLine($"lease moved off the killed leader in {failover.TotalSeconds:F2} s (lease TTL {Cluster.LeaseTtl.TotalSeconds} s, renewed every {Cluster.LeaseTtl.TotalSeconds / 3:F1} s)");
            // The dead leader's lease outlives it by at most one TTL; followers look right after it runs out. The
            // slack covers the kill itself, this test's own looks at Redis (every 100 ms) and a loaded machine.
            Assert.True(failover <= Cluster.LeaseTtl + TimeSpan.FromSeconds(2), $"failover took {failover}");
            await AdvanceAndWaitAsync(cluster, survivors, 2);
            var afterFailover = await PollsPerIntervalAsync(cluster, TimeSpan.FromSeconds(10));
            output.WriteLine($"after failover (2 replicas): {afterFailover:F2} polls per interval");
            Assert.InRange(afterFailover, 8.0, 11.0);

            // What the current term wrote, kept to send again after Redis restarts: each key's fencing token and last state.
            var former = new FormerLeader(cluster.PageTokenKey);
            var oldTerm = new Dictionary<string, (long Fence, byte[] Last)>();
            foreach (var lease in (await LeasesAsync(mux)).Keys)
            {
                var last = (byte[])(await mux.GetDatabase().StringGetAsync(Name(lease, "last")))!;
                Assert.True(former.Verifies(last, Context(lease)), "the test's signature differs from the replicas': it could not send an older term's state that verifies");
                oldTerm[lease] = (FormerLeader.Fence(last), last);
            }

            // Redis goes away: every surviving replica says so once and polls for itself; streams go on, and a change
            // still reaches every surviving watcher.
            redis.Stop();
            await EventuallyAsync(() => Task.FromResult(alive.All(r => r.Process.CountLines("[2101]") == 1)), TimeSpan.FromSeconds(30), "both replicas to report Redis unreachable (event 2101)");
            await AdvanceAndWaitAsync(cluster, survivors, 3);
            var local = await PollsPerIntervalAsync(cluster, TimeSpan.FromSeconds(10));
            output.WriteLine($"Redis stopped (2 replicas poll locally): {local:F2} polls per interval");
            Assert.InRange(local, 16.0, 22.0);
            Assert.All(alive, r => Assert.Equal(1, r.Process.CountLines("[2101]")));
            foreach (var replica in alive)
            {
                using var ready = await replica.Rest.GetAsync("/healthz/ready");
                Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
            }

            // Shared fetches go on too: without their second level, each replica serves from its own first level or fetches.
            var withoutRedis = await GetFromEveryReplicaAsync(cluster, alive);
            output.WriteLine($"Redis stopped, 2 replicas, 6 GetTask calls (all answered) of a task in its window: {withoutRedis} upstream call(s)");

            // Redis comes back empty (no persistence): the replicas coordinate again under new terms, whose fencing
            // tokens are above every token of the old ones, and a change reaches every watcher, followers included.
            await redis.StartAsync();
            await EventuallyAsync(() => Task.FromResult(alive.All(r => r.Process.CountLines("[2102]") == 1)), TimeSpan.FromSeconds(30), "both replicas to reach Redis again (event 2102)");
            await EventuallyAsync(async () => (await LeasesAsync(mux)).Keys.Order().SequenceEqual(oldTerm.Keys.Order()), TimeSpan.FromSeconds(30), "a lease again for every watched task");
            // The new term's fencing token as its leader signs it, in the key's last state (renewed every third of a
            // TTL; the fencing key itself may expire sooner than this look on a loaded machine).
            var newTerm = new Dictionary<string, long>();
            await EventuallyAsync(async () =>
            {
                foreach (var lease in oldTerm.Keys.Where(l => !newTerm.ContainsKey(l)))
                {
                    if (await mux.GetDatabase().StringGetAsync(Name(lease, "last")) is { HasValue: true } last)
                    {
                        newTerm[lease] = FormerLeader.Fence((byte[])last!);
                    }
                }

                return newTerm.Count == oldTerm.Count;
            }, TimeSpan.FromSeconds(30), "every new leader to share its first state");
            foreach (var (lease, old) in oldTerm)
            {
                Assert.True(newTerm[lease] > old.Fence, $"after Redis restarted, {lease} has fencing token {newTerm[lease]}, not above the {old.Fence} of the term before");
            }

            await AdvanceAndWaitAsync(cluster, survivors, 4);
            var recovered = await PollsPerIntervalAsync(cluster, TimeSpan.FromSeconds(10));
            output.WriteLine($"Redis back: {recovered:F2} polls per interval");
            Assert.InRange(recovered, 8.0, 11.0);

            // A leader of the term before the restart wakes and sends its state (step 2) again, signed and recent:
            // no replica believes it. Then the next change: every watcher sees it, and no one saw step 2 twice (which
            // AdvanceAndWaitAsync checks: each watcher's states are exactly the steps so far, in order). No reader
            // dropped it for its signature or its age either (taskgateway.redis.rejected unchanged): only its fence.
            var rejected = await RejectedAsync(alive);
            var subscriber = mux.GetSubscriber();
            foreach (var (lease, old) in oldTerm)
            {
                var receivers = await subscriber.PublishAsync(RedisChannel.Literal(Name(lease, "watch")), former.SendAgainNow(old.Last, Context(lease)));
                Assert.Equal(2, receivers);
            }

            await AdvanceAndWaitAsync(cluster, survivors, 5);
            Assert.Equal(rejected, await RejectedAsync(alive));

            // The end: the last change ends every surviving stream with OK, on the replica that polls and on the one that follows.
            await AdvanceAndWaitAsync(cluster, survivors, 6);
            await EventuallyAsync(() => Task.FromResult(survivors.All(w => w.Ended)), ChangeBound, "every surviving stream to end after the last change");
            Assert.All(survivors, w => Assert.True(w.EndedOk, $"a stream on {w.Replica.Process.Name} did not end with OK: {w.Failure}"));
            AssertSaw(survivors, 6);
        }
        finally
        {
            watchers.ForEach(w => w.Dispose());
        }
    }

    [Fact]
    public async Task ReplicasWithoutRedis_300WatchersOf10Tasks_EachReplicaPollsEveryTaskAndEveryWatcherSeesTheChange()
    {
        using var cluster = await Cluster.StartAsync();
        var one = await cluster.AddReplicasAsync(1, redis: null);
        var watchers = Watch(one, perTaskPerReplica: 30);
        try
        {
            await EventuallyAsync(() => Task.FromResult(watchers.All(w => w.Opened)), TimeSpan.FromSeconds(60), "every watcher to get its INITIAL event");
            var single = await PollsPerIntervalAsync(cluster, TimeSpan.FromSeconds(10));
            output.WriteLine($"1 replica without Redis, 300 watchers of 10 tasks: {single:F2} polls per interval");
            Assert.InRange(single, 8.0, 11.0);

            var more = await cluster.AddReplicasAsync(2, redis: null);
            var fetched = await GetFromEveryReplicaAsync(cluster, cluster.Replicas);
            output.WriteLine($"3 replicas without Redis, 9 GetTask calls of one task in its freshness window: {fetched} upstream call(s)");
            Assert.Equal(3, fetched);
            watchers.ForEach(w => w.Dispose());
            watchers = Watch(cluster.Replicas, perTaskPerReplica: 10);
            await EventuallyAsync(() => Task.FromResult(watchers.All(w => w.Opened)), TimeSpan.FromSeconds(60), "every watcher to get its INITIAL event");
            // Past the pollers' idle timeout (5 s), so that the pollers of the first replica's streams that left, if
            // any outlived them, no longer count: a settling time before a rate is measured, not a wait for an event.
            await Task.Delay(TimeSpan.FromSeconds(6));
            var three = await PollsPerIntervalAsync(cluster, TimeSpan.FromSeconds(10));
            output.WriteLine($"3 replicas without Redis, 300 watchers of 10 tasks: {three:F2} polls per interval");
            Assert.InRange(three, 24.0, 33.0);

            // Each replica polls for itself: a change reaches every watcher on each.
            await AdvanceAndWaitAsync(cluster, watchers, 1);
        }
        finally
        {
            watchers.ForEach(w => w.Dispose());
        }
    }

    // Moves every watched task to a step, then waits until every watcher has seen exactly the steps so far, in order:
    // each change once, none missed, none older than one already seen.
    private static async Task AdvanceAndWaitAsync(Cluster cluster, IReadOnlyList<Watcher> watchers, int step)
    {
        Assert.Equal(Tasks.Length, await cluster.AdvanceAsync(Stepped));
        var expected = Steps[..(step + 1)];
        await EventuallyAsync(() => Task.FromResult(watchers.All(w => w.States.Count >= expected.Length || w.Ended)), ChangeBound,
            $"every watcher to see step {step} ({Steps[step]})");
        AssertSaw(watchers, step);
    }

    private static void AssertSaw(IReadOnlyList<Watcher> watchers, int step)
    {
        var expected = Steps[..(step + 1)];
        var wrong = watchers.Where(w => !w.States.SequenceEqual(expected) || (w.Failure is not null)).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {watchers.Count} watchers did not see exactly [{string.Join(", ", expected)}]; the first, on "
            + $"{wrong.FirstOrDefault()?.Replica.Process.Name} ({wrong.FirstOrDefault()?.Name}), saw [{string.Join(", ", wrong.FirstOrDefault()?.States ?? [])}], failure: {wrong.FirstOrDefault()?.Failure}");
    }

    // Opens a stream on one replica, takes the token of its INITIAL event, resumes on another: the first event there.
    private static async Task<Contracts.V1.WatchEventType> ResumeElsewhereAsync(Replica first, Replica second)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string token;
        using (var call = first.Client.WatchTask(new Contracts.V1.WatchTaskRequest { Name = Tasks[0], Until = Until }, cancellationToken: timeout.Token))
        {
            Assert.True(await call.ResponseStream.MoveNext(timeout.Token));
            Assert.Equal(Contracts.V1.WatchEventType.Initial, call.ResponseStream.Current.Type);
            token = call.ResponseStream.Current.ResumeToken;
        }

        using var resumed = second.Client.WatchTask(new Contracts.V1.WatchTaskRequest { Name = Tasks[0], Until = Until, ResumeToken = token }, cancellationToken: timeout.Token);
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
        [.. replicas.SelectMany(r => Tasks.SelectMany(name => Enumerable.Range(0, perTaskPerReplica).Select(_ => new Watcher(r, name, Until))))];

    // Polls of the watched tasks per second, which is per interval: MinPollInterval = MaxPollInterval = 1 s. The upper
    // bounds carry the claims (one poll per task per interval; N per task with N replicas polling for themselves); the
    // lower ones only that polling goes on, at 80 %: on two cores loaded by everything else a 1 s cadence drifts slower
    // (8.99 polls of 10 tasks per second in one run), never faster.
    private static async Task<double> PollsPerIntervalAsync(Cluster cluster, TimeSpan window)
    {
        var before = await cluster.RequestsAsync(SteppedPath);
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        var after = await cluster.RequestsAsync(SteppedPath);
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
                leases[key.ToString()] = int.Parse(value.ToString().Split(':')[1], CultureInfo.InvariantCulture);
            }
        }

        return leases;
    }

    // The replica process leading each watched task: each lease's holder, and the task named in the key's last state.
    private static async Task<Dictionary<string, int>> LeadersAsync(ConnectionMultiplexer mux)
    {
        var leaders = new Dictionary<string, int>();
        foreach (var (lease, pid) in await LeasesAsync(mux))
        {
            leaders[FormerLeader.TaskName((byte[])(await mux.GetDatabase().StringGetAsync(Name(lease, "last")))!)] = pid;
        }

        return leaders;
    }

    // Who leads which task, read once all ten watched tasks have a lease (a lease that ran out leaves a gap until a
    // follower takes it).
    private static async Task<Dictionary<string, int>> SettledLeadersAsync(ConnectionMultiplexer mux)
    {
        var leaders = new Dictionary<string, int>();
        await EventuallyAsync(async () => (leaders = await LeadersAsync(mux)).Count == Tasks.Length, TimeSpan.FromSeconds(30), "a lease for every watched task");
        return leaders;
    }

    // A key's other names: "taskgateway:lease:{id}" gives "taskgateway:last:{id}", "taskgateway:fence:{id}", the channel
    // "taskgateway:watch:{id}"; what its messages are signed for is "snapshot:taskgateway:key:{id}".
    private static string Name(string lease, string kind) => lease.Replace(":lease:", $":{kind}:", StringComparison.Ordinal);

    private static string Context(string lease) => "snapshot:" + Name(lease, "key");

    // Items read from Redis and dropped (unsigned, forged, stale, ...), summed over the replicas' /metrics.
    private static async Task<double> RejectedAsync(IEnumerable<Replica> replicas)
    {
        var total = 0.0;
        foreach (var replica in replicas)
        {
            var text = await replica.Rest.GetStringAsync("/metrics");
            // "name{labels} value [timestamp]"
            total += text.Split('\n').Where(l => l.StartsWith("taskgateway_redis_rejected_total", StringComparison.Ordinal))
                .Sum(l => double.Parse(l[(l.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
        }

        return total;
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
