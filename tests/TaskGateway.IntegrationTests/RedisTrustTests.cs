using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using TaskGateway.Contracts.V1;
using TaskGateway.Sandbox;

namespace TaskGateway.IntegrationTests;

/// <summary>
/// Redis is a transport, not an authority: what the replicas did not write themselves (a forged message, state or
/// cached fetch; another deployment's) is never believed, and nothing the gateway writes lives forever. Each test runs
/// real replicas against a real redis-server, and writes to Redis what anyone who can reach it could write.
/// </summary>
[Collection(RealProcesses.Name)]
public class RedisTrustTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string AstraParent = $"sources/astra/accounts/{SandboxIds.AstraAccount}";
    private const string AstraLive = $"{AstraParent}/tasks/{SandboxIds.AstraLiveTask}";
    private const string AstraFailed = $"{AstraParent}/tasks/a1b2c3d4-0000-4000-8000-000000000007";

    [SkippableFact]
    public async Task ForgedPublish_FinalSucceededWithHugeFence_DroppedCountedAndRealUpdatesStillArrive()
    {
        using var redis = await StartRedisAsync();
        using var cluster = await Cluster.StartAsync();
        var replicas = await cluster.AddReplicasAsync(2, redis.Configuration);
        using var leader = new Watcher(replicas[0], AstraLive, until: string.Empty);
        await EventuallyAsync(() => leader.Opened, "the first watcher's INITIAL event");
        // The second replica follows: its watcher hears only what comes through Redis.
        using var follower = new Watcher(replicas[1], AstraLive, until: string.Empty);
        await EventuallyAsync(() => follower.Opened, "the second watcher's INITIAL event");
        using var mux = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var channel = Assert.Single(await mux.GetServer(mux.GetEndPoints()[0]).SubscriptionChannelsAsync(RedisChannel.Pattern("taskgateway:watch:*")));

        // What the review sent: one message with the largest fence, the final flag and a made-up SUCCEEDED task, in
        // the format replicas read before messages were signed, and in today's format with a MAC it cannot compute.
        var forgedTask = new CloudTask { Name = AstraLive, State = CloudTask.Types.State.Succeeded, Etag = "forged" };
        var leaderEvents = leader.TaskEvents;
        var followerEvents = follower.TaskEvents;
        await mux.GetSubscriber().PublishAsync(channel, Forged.Unsigned(long.MaxValue, forgedTask));
        await mux.GetSubscriber().PublishAsync(channel, Forged.Signed(long.MaxValue, forgedTask));

        // Two events each after it (a forged one would be one at most): real updates, the stream still open.
        await EventuallyAsync(() => leader.Ended || follower.Ended || (leader.TaskEvents > leaderEvents + 1 && follower.TaskEvents > followerEvents + 1),
            "real updates on both replicas after the forgery");
        Assert.All([leader, follower], w =>
        {
            Assert.False(w.Ended, $"a stream on {w.Replica.Process.Name} ended (last state {w.LastState}): {w.Failure}");
            Assert.Equal(CloudTask.Types.State.Running, w.LastState);
        });
        await EventuallyAsync(() => replicas.All(r => r.Process.CountLines("[2103]") == 1), "both replicas to report the dropped messages");
    }

    [SkippableFact]
    public async Task ForgedLastState_ReadByAFollower_DroppedAndTheStreamGoesOn()
    {
        using var redis = await StartRedisAsync();
        using var cluster = await Cluster.StartAsync();
        var replica = (await cluster.AddReplicasAsync(1, redis.Configuration))[0];
        using var watcher = new Watcher(replica, AstraLive, until: string.Empty);
        await EventuallyAsync(() => watcher.Opened, "the watcher's INITIAL event");
        using var mux = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var db = mux.GetDatabase();
        var lease = Assert.Single(await KeysAsync(mux, "taskgateway:lease:*"));
        var last = (RedisKey)lease.ToString().Replace(":lease:", ":last:", StringComparison.Ordinal);

        // Someone else takes the lease: the replica follows, and reads the key's last state at every look. Forged
        // states are written until it has read (and dropped) one: it may overwrite the first before it stops leading.
        await db.StringSetAsync(lease, "elsewhere:1:0", TimeSpan.FromMinutes(1));
        var forged = Forged.Unsigned(long.MaxValue, new CloudTask { Name = AstraLive, State = CloudTask.Types.State.Succeeded, Etag = "forged" });
        await EventuallyAsync(async () =>
        {
            await db.StringSetAsync(last, forged, TimeSpan.FromMinutes(1));
            return watcher.Ended || replica.Process.CountLines("[2103]") == 1;
        }, "the replica to drop the forged last state");
        Assert.False(watcher.Ended, $"the stream ended (last state {watcher.LastState}): {watcher.Failure}");
        Assert.NotEqual(CloudTask.Types.State.Succeeded, watcher.LastState);

        // The lease comes free: the replica polls again, and its watcher hears real updates.
        var events = watcher.TaskEvents;
        await db.KeyDeleteAsync(lease);
        await EventuallyAsync(() => watcher.TaskEvents > events, "a real update after the lease came back");
        Assert.False(watcher.Ended, $"the stream ended: {watcher.Failure}");
        Assert.Equal(CloudTask.Types.State.Running, watcher.LastState);
    }

    [SkippableFact]
    public async Task ForgedCachedFetch_InRedis_NeverServedTheCallerGetsARealFetch()
    {
        using var redis = await StartRedisAsync();
        using var cluster = await Cluster.StartAsync();
        var replicas = await cluster.AddReplicasAsync(2, redis.Configuration);
        Assert.Equal(CloudTask.Types.State.Failed, (await replicas[0].Client.GetTaskAsync(new GetTaskRequest { Name = AstraFailed })).Task.State);
        using var mux = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        // HybridCache writes its second level after it has answered.
        await EventuallyAsync(async () => (await KeysAsync(mux, "taskgateway:fetch:*")).Count == 1, "the shared fetch to reach Redis");
        var entry = Assert.Single(await KeysAsync(mux, "taskgateway:fetch:*"));

        // Overwrite the shared fetch with a made-up SUCCEEDED task, written as HybridCache writes it (its framing,
        // with the key it belongs to) by someone who does not have the deployment's key.
        await using (var forger = Forged.Cache(redis.Configuration))
        {
            var cache = forger.GetRequiredService<HybridCache>();
            await cache.SetAsync(entry.ToString()["taskgateway:fetch:".Length..], new CloudTask { Name = AstraFailed, State = CloudTask.Types.State.Succeeded },
                new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(1), Flags = HybridCacheEntryFlags.DisableLocalCache });
        }

        var path = AstraFailed[AstraFailed.LastIndexOf('/')..];
        var before = await cluster.RequestsAsync(path);
        var task = (await replicas[1].Client.GetTaskAsync(new GetTaskRequest { Name = AstraFailed })).Task;

        Assert.Equal(CloudTask.Types.State.Failed, task.State);
        Assert.Equal(1, await cluster.RequestsAsync(path) - before);
        await EventuallyAsync(() => replicas[1].Process.CountLines("[2103]") == 1, "the replica to report the dropped entry");
        // The real fetch replaced the forged entry in both levels: the same replica serves it again.
        Assert.Equal(CloudTask.Types.State.Failed, (await replicas[1].Client.GetTaskAsync(new GetTaskRequest { Name = AstraFailed })).Task.State);
        Assert.Equal(1, await cluster.RequestsAsync(path) - before);
    }

    [SkippableFact]
    public async Task SecondDeployment_SameRedisAndPrefixTokenRefused_PollsForItselfAndGetsItsOwn403()
    {
        using var redis = await StartRedisAsync();
        using var cluster = await Cluster.StartAsync();
        var first = (await cluster.AddReplicasAsync(1, redis.Configuration))[0];
        // Same Redis, same prefix, same PageTokenKey: only the source's credentials differ, and the vendor refuses them.
        var second = (await cluster.AddReplicasAsync(1, redis.Configuration, e => e["TaskGateway__Sources__astra__Auth__Token"] = SandboxCredentials.AstraOtherUserToken))[0];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var watch = first.Client.WatchTasks(new WatchTasksRequest { Parent = AstraParent }, cancellationToken: timeout.Token);
        Assert.Equal(WatchEventType.Initial, (await FirstTaskEventAsync(watch.ResponseStream, timeout.Token)).Type);
        Assert.Equal(CloudTask.Types.State.Failed, (await first.Client.GetTaskAsync(new GetTaskRequest { Name = AstraFailed }, cancellationToken: timeout.Token)).Task.State);

        // The first deployment leads the collection and keeps its state in Redis: the second never receives it.
        using var other = second.Client.WatchTasks(new WatchTasksRequest { Parent = AstraParent }, cancellationToken: timeout.Token);
        var refused = await Assert.ThrowsAsync<RpcException>(() => FirstTaskEventAsync(other.ResponseStream, timeout.Token));
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        // Nor the fetch the first shared in its freshness window.
        var denied = await Assert.ThrowsAsync<RpcException>(() => second.Client.GetTaskAsync(new GetTaskRequest { Name = AstraFailed }, cancellationToken: timeout.Token).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
    }

    [SkippableFact]
    public async Task SecondDeployment_SameRedisOtherPageTokenKey_NeverSharesALease()
    {
        using var redis = await StartRedisAsync();
        using var cluster = await Cluster.StartAsync();
        var first = (await cluster.AddReplicasAsync(1, redis.Configuration))[0];
        var second = (await cluster.AddReplicasAsync(1, redis.Configuration, e => e["TaskGateway__PageTokenKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))))[0];

        using var a = new Watcher(first, AstraLive, until: string.Empty);
        using var b = new Watcher(second, AstraLive, until: string.Empty);
        await EventuallyAsync(() => a.Opened && b.Opened, "both watchers' INITIAL events");
        using var mux = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);

        // One watched task, two deployments: two leases, each deployment polling for itself.
        await EventuallyAsync(async () => (await KeysAsync(mux, "taskgateway:lease:*")).Count == 2, "each deployment to hold its own lease");
        Assert.Equal(0, first.Process.CountLines("[2103]") + second.Process.CountLines("[2103]"));
    }

    [SkippableFact]
    public async Task WatchesOfMadeUpIds_AfterTheyEnd_EveryKeyUnderThePrefixExpires()
    {
        using var redis = await StartRedisAsync();
        using var cluster = await Cluster.StartAsync();
        // A watch of an id nobody knows ends at its first poll.
        var replica = (await cluster.AddReplicasAsync(1, redis.Configuration, e => e["TaskGateway__Watch__NotFoundTolerance"] = "0"))[0];
        using var mux = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            var name = $"sources/clouddc/projects/{SandboxIds.Project}/instances/cdc-made-up-{i:00}/status";
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var call = replica.Client.WatchTask(new WatchTaskRequest { Name = name }, cancellationToken: timeout.Token);
            var e = await Assert.ThrowsAsync<RpcException>(() => FirstTaskEventAsync(call.ResponseStream, timeout.Token));
            Assert.Equal(StatusCode.NotFound, e.StatusCode);
        }));

        // Once the pollers of the made-up ids have handed their leases back, what is left must still go away by itself.
        var fences = 0;
        await EventuallyAsync(async () => (await KeysAsync(mux, "taskgateway:lease:*")).Count == 0, "every lease to be released");
        foreach (var key in await KeysAsync(mux, "taskgateway:*"))
        {
            var ttl = (long)await mux.GetDatabase().ExecuteAsync("PTTL", key);
            Assert.True(ttl != -1, $"{key} never expires");
            fences += key.ToString().StartsWith("taskgateway:fence:", StringComparison.Ordinal) ? 1 : 0;
        }

        Assert.True(fences >= 20, $"{fences} fencing keys: the watches did not reach Redis");
    }

    [SkippableFact]
    public async Task ExampleAclUser_RestrictedToThePrefix_CoordinatesAndSharesFetches()
    {
        using var redis = await StartRedisAsync();
        // The user of deploy/kubernetes/redis.example.yaml, as it is there, with a password of this test's.
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var rule = File.ReadLines(Path.Combine(Binaries.RepositoryRoot, "deploy", "kubernetes", "redis.example.yaml"))
            .Select(l => l.Trim()).Single(l => l.StartsWith("user taskgateway ", StringComparison.Ordinal))
            .Replace(">REPLACE-with-a-random-redis-password", ">" + password, StringComparison.Ordinal);
        using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        await admin.GetDatabase().ExecuteAsync("ACL", ["SETUSER", .. rule.Split(' ')[1..]]);
        using var cluster = await Cluster.StartAsync();
        var replicas = await cluster.AddReplicasAsync(2, $"{redis.Configuration},user=taskgateway,password={password}");

        using var a = new Watcher(replicas[0], AstraLive, until: string.Empty);
        using var b = new Watcher(replicas[1], AstraLive, until: string.Empty);
        try
        {
            await UseAsync();
        }
        finally
        {
            // What the user was refused: only StackExchange.Redis' own look-ups at connect, which it does without.
            var denied = (RedisResult[])(await admin.GetDatabase().ExecuteAsync("ACL", "LOG"))!;
            var objects = new List<string>();
            foreach (var entry in denied)
            {
                var fields = ((RedisResult[])entry!).Select(f => f.ToString()).ToList();
                output.WriteLine("ACL LOG: " + string.Join(' ', fields));
                objects.Add(fields[fields.IndexOf("object") + 1]);
            }

            Assert.All(objects, o => Assert.Contains(o, (string[])["__Booksleeve_MasterChanged", "__Booksleeve_TieBreak", "cluster|nodes", "config|get"]));
        }

        async Task UseAsync()
        {
        await EventuallyAsync(() => a.Opened && b.Opened, "both watchers' INITIAL events");
        await EventuallyAsync(async () => (await KeysAsync(admin, "taskgateway:lease:*")).Count == 1, "one lease for the watched task");
        var path = AstraFailed[AstraFailed.LastIndexOf('/')..];
        var before = await cluster.RequestsAsync(path);
        await replicas[0].Client.GetTaskAsync(new GetTaskRequest { Name = AstraFailed });
        await EventuallyAsync(async () => (await KeysAsync(admin, "taskgateway:fetch:*")).Count == 1, "the shared fetch to reach Redis");
        await replicas[1].Client.GetTaskAsync(new GetTaskRequest { Name = AstraFailed });

        Assert.Equal(1, await cluster.RequestsAsync(path) - before);
        Assert.All(replicas, r => Assert.Equal(0, r.Process.CountLines("[2101]")));
        }
    }

    private static async Task<RedisServer> StartRedisAsync()
    {
        var redis = RedisServer.Find();
        Skip.If(redis is null, "redis-server is not installed (CI installs it and sets TASKGATEWAY_REQUIRE_REDIS=1)");
        await redis.StartAsync();
        return redis;
    }

    // The first event that is not a heartbeat (a stream may begin with one).
    private static async Task<WatchTaskResponse> FirstTaskEventAsync(IAsyncStreamReader<WatchTaskResponse> stream, CancellationToken cancellationToken)
    {
        while (await stream.MoveNext(cancellationToken))
        {
            if (stream.Current.Type != WatchEventType.Heartbeat)
            {
                return stream.Current;
            }
        }

        throw new InvalidOperationException("the stream ended without an event");
    }

    private static async Task<WatchTasksResponse> FirstTaskEventAsync(IAsyncStreamReader<WatchTasksResponse> stream, CancellationToken cancellationToken)
    {
        while (await stream.MoveNext(cancellationToken))
        {
            if (stream.Current.Type != WatchEventType.Heartbeat)
            {
                return stream.Current;
            }
        }

        throw new InvalidOperationException("the stream ended without an event");
    }

    private static async Task<List<RedisKey>> KeysAsync(ConnectionMultiplexer mux, string pattern)
    {
        var keys = new List<RedisKey>();
        await foreach (var key in mux.GetServer(mux.GetEndPoints()[0]).KeysAsync(pattern: pattern))
        {
            keys.Add(key);
        }

        return keys;
    }

    private static Task EventuallyAsync(Func<bool> condition, string what) => EventuallyAsync(() => Task.FromResult(condition()), what);

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var timeout = TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, $"timed out after {timeout} waiting for {what}");
            await Task.Delay(100);
        }
    }

    /// <summary>What anyone who can write to Redis can write, without the deployment's PageTokenKey.</summary>
    private static class Forged
    {
        /// <summary>A poll message as replicas read them before messages were signed (format 2).</summary>
        public static byte[] Unsigned(long fence, CloudTask task)
        {
            using var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream))
            {
                writer.Write((byte)2);
                writer.Write(fence);
                writer.Write(long.MaxValue);
                writer.Write("attacker");
                writer.Write((byte)1);
                writer.Write(1);
                var bytes = task.ToByteArray();
                writer.Write(bytes.Length);
                writer.Write(bytes);
            }

            return stream.ToArray();
        }

        /// <summary>A poll message in today's format, with a MAC made with a key of the forger's own.</summary>
        public static byte[] Signed(long fence, CloudTask task)
        {
            var bytes = task.ToByteArray();
            using var stream = new MemoryStream();
            stream.WriteByte(3);
            stream.Write(BigEndian(fence));
            stream.Write(BigEndian(long.MaxValue));
            stream.Write(BigEndian(8).AsSpan(4));
            stream.Write("attacker"u8);
            stream.WriteByte(1);
            stream.Write(BigEndian(1).AsSpan(4));
            stream.Write(BigEndian(bytes.Length).AsSpan(4));
            stream.Write(bytes);
            stream.Write(HMACSHA256.HashData(RandomNumberGenerator.GetBytes(32), stream.ToArray()));
            return stream.ToArray();
        }

        /// <summary>A HybridCache on the same Redis and instance name as the gateway's, storing bare tasks.</summary>
        public static ServiceProvider Cache(string configuration)
        {
            var services = new ServiceCollection();
            services.AddStackExchangeRedisCache(o =>
            {
                o.Configuration = configuration;
                o.InstanceName = "taskgateway:fetch:";
            });
            services.AddHybridCache().AddSerializer<CloudTask, BareTask>();
            return services.BuildServiceProvider();
        }

        private static byte[] BigEndian(long value)
        {
            var bytes = BitConverter.GetBytes(value);
            if (BitConverter.IsLittleEndian)
            {
                Array.Reverse(bytes);
            }

            return bytes;
        }

        private sealed class BareTask : IHybridCacheSerializer<CloudTask>
        {
            public CloudTask Deserialize(ReadOnlySequence<byte> source) => CloudTask.Parser.ParseFrom(source);

            public void Serialize(CloudTask value, IBufferWriter<byte> target) => value.WriteTo(target);
        }
    }
}
