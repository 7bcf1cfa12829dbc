using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TaskGateway.Contracts.V1;
using TaskGateway.Sandbox;
using TaskGateway.Watch;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.FunctionalTests;

/// <summary>Watch streams over gRPC, NDJSON and SSE, against the sandbox, on a fake clock shared by both.</summary>
public class WatchTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    // How often a test looks again at a condition it waits for (real time; the conditions' bounds are seconds).
    private static readonly TimeSpan PollPause = TimeSpan.FromMilliseconds(5);

    internal static Task<GatewayInstance> StartAsync(FakeTimeProvider time) =>
        GatewayInstance.StartWithSourcesAsync(time, s =>
        {
            foreach (var alias in SandboxServer.Aliases)
            {
                s[$"TaskGateway:Sources:{alias}:MinPollInterval"] = "00:00:01";
                s[$"TaskGateway:Sources:{alias}:MaxPollInterval"] = "00:00:01";
            }

            // One test process is one caller: lift its per-caller limits above the thousand-watcher test's load.
            s["TaskGateway:Callers:MaxWatchStreams"] = "5000";
        });

    internal static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Advances the clock one poll at a time, each time once every stream caught up, until done() holds.</summary>
    internal static async Task DriveAsync(GatewayInstance gateway, FakeTimeProvider time, PollerKey key, int streams, Func<bool> done)
    {
        var hub = gateway.Services.GetRequiredService<WatchHub>();
        var applied = gateway.Watch.SnapshotsApplied;
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the streams did not finish");
            var polls = gateway.Watch.PollsOf(key);
            var version = gateway.Watch.VersionOf(key);
            if (polls == 0 || gateway.Watch.WaitsOf(key) < polls || gateway.Watch.SnapshotsApplied - applied < streams * version)
            {
                // A short real pause, not Task.Yield: a spin would hold one of two cores from the streams it waits on.
                await Task.Delay(PollPause);
                continue;
            }

            time.Advance(Interval);
            await Eventually(() => gateway.Watch.PollsOf(key) != polls || hub.ActivePollers == 0 || done(), "the poller did not poll");
        }
    }

    // The suite's one bounded condition wait (ConditionWait), with the bound the watch tests have always used.
    internal static Task Eventually(Func<bool> condition, string what) => ConditionWait.UntilAsync(condition, what, TimeSpan.FromSeconds(20));

    private static void AssertWholeLifecycle(List<(string Type, string State, string Etag, bool Done)> events)
    {
        Assert.True(events.Count >= 3, $"{events.Count} events: fewer than the task's three states");
        Assert.Equal("INITIAL", events[0].Type);
        Assert.All(events.Skip(1), e => Assert.Equal("MODIFIED", e.Type));
        var states = events.Select(e => e.State).Distinct().ToList();
        Assert.Equal(["PENDING", "RUNNING", "SUCCEEDED"], states);
        Assert.Equal(events.Count, events.Select(e => e.Etag).Distinct().Count());
        Assert.True(events[^1].Done);
        Assert.Single(events, e => e.Done);
    }

    [Fact]
    public async Task WatchTask_GrpcNdjsonAndSse_EveryCallerSeesEveryStateUntilDoneWithoutDuplicates()
    {
        var time = Clock();
        await using var gateway = await StartAsync(time);
        var key = new PollerKey("iotda", Names.IotdaLive, string.Empty);

        var grpc = ReadGrpcAsync(gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.IotdaLive }));
        var ndjson = ReadNdjsonAsync(gateway.Rest, $"/v1/{Names.IotdaLive}:watch");
        var sse = ReadSseAsync(gateway.Rest, $"/v1/{Names.IotdaLive}:watch");
        var all = Task.WhenAll(grpc, ndjson, sse);
        await DriveAsync(gateway, time, key, streams: 3, () => all.IsCompleted);
        await all;

        AssertWholeLifecycle(await grpc);
        AssertWholeLifecycle(await ndjson);
        AssertWholeLifecycle(await sse);
        Assert.Equal((await grpc).Select(e => e.Etag), (await ndjson).Select(e => e.Etag));
        Assert.Equal((await grpc).Select(e => e.Etag), (await sse).Select(e => e.Etag));
    }

    [Fact]
    public async Task WatchTask_ThousandWatchers_OneUpstreamPollPerInterval()
    {
        var time = Clock();
        await using var gateway = await StartAsync(time);
        using var channel = GrpcChannel.ForAddress(gateway.GrpcAddress, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
        var client = new TaskService.TaskServiceClient(channel);
        var hub = gateway.Services.GetRequiredService<WatchHub>();
        var key = new PollerKey("clouddc", Names.CloudDcLive, string.Empty);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));

        var calls = Enumerable.Range(0, 1000).Select(_ => client.WatchTask(new WatchTaskRequest { Name = Names.CloudDcLive }, cancellationToken: stop.Token)).ToList();
        var initial = await Task.WhenAll(calls.Select(async c => await c.ResponseStream.MoveNext(stop.Token) ? c.ResponseStream.Current.Type : WatchEventType.Unspecified));
        Assert.Equal(1000, initial.Length);
        Assert.All(initial, t => Assert.Equal(WatchEventType.Initial, t));
        Assert.Equal(1000, hub.SubscribersOf(key));

        var before = gateway.Sandbox.Requests.CountContaining("/cdc-web-01/status");
        for (var i = 0; i < 5; i++)
        {
            var polls = gateway.Watch.PollsOf(key);
            await Eventually(() => gateway.Watch.WaitsOf(key) >= polls, "the poller did not wait for its next poll");
            time.Advance(Interval);
            await Eventually(() => gateway.Watch.PollsOf(key) > polls, "the poller did not poll after the interval");
        }

        await Eventually(() => gateway.Watch.WaitsOf(key) >= gateway.Watch.PollsOf(key), "the last poll did not finish");

        // Five intervals, a thousand watchers: five upstream polls.
        Assert.Equal(5, gateway.Sandbox.Requests.CountContaining("/cdc-web-01/status") - before);
        await stop.CancelAsync();
        calls.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task WatchTasks_Collection_InitialSnapshotThenChangesWithFilter()
    {
        var time = Clock();
        await using var gateway = await StartAsync(time);
        var hub = gateway.Services.GetRequiredService<WatchHub>();
        var key = new PollerKey("astra", Names.AstraParent, string.Empty);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var call = gateway.Client.WatchTasks(new WatchTasksRequest { Parent = Names.AstraParent, Filter = "done = false" }, cancellationToken: stop.Token);
        var events = new List<WatchTasksResponse>();
        while (await call.ResponseStream.MoveNext(stop.Token) && call.ResponseStream.Current.Type != WatchEventType.Heartbeat)
        {
            events.Add(call.ResponseStream.Current);
        }

        // The live backup, its two subtasks and the paused task are not done.
        Assert.Equal(4, events.Count);
        Assert.All(events, e => Assert.Equal(WatchEventType.Initial, e.Type));

        // Advance only once the poller's timer exists, or the jump would be lost.
        await Eventually(() => gateway.Watch.PollsOf(key) > 0 && gateway.Watch.WaitsOf(key) >= gateway.Watch.PollsOf(key), "the poller did not wait for its next poll");
        time.Advance(TimeSpan.FromSeconds(26));
        var removed = new List<WatchTasksResponse>();
        while (removed.Count == 0 && await call.ResponseStream.MoveNext(stop.Token))
        {
            if (call.ResponseStream.Current.Type == WatchEventType.Removed)
            {
                removed.Add(call.ResponseStream.Current);
            }
        }

        // The snapshot subtask completed at 25 s: it no longer matches "done = false".
        Assert.Equal("a1b2c3d4-0000-4000-8000-000000000002", removed.Single().Task.AstraTask.Id);
        await stop.CancelAsync();
    }

    [Fact]
    public async Task WatchTask_DoneTask_InitialDoneStateThenEndsOk()
    {
        await using var gateway = await StartAsync(Clock());
        using var call = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.AstraFailed });

        var events = new List<WatchTaskResponse>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            events.Add(call.ResponseStream.Current);
        }

        var only = Assert.Single(events);
        Assert.Equal(WatchEventType.Initial, only.Type);
        Assert.Equal(State.Failed, only.Task.State);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task WatchTask_UnknownTask_EndsWithNotFoundAfterTolerance()
    {
        var time = Clock();
        await using var gateway = await StartAsync(time);
        const string id = "deadbeef-0000-4000-8000-000000000000";
        var name = $"{Names.IotdaParent}/tasks/{id}";
        using var call = gateway.Client.WatchTask(new WatchTaskRequest { Name = name });
        var key = new PollerKey("iotda", name, string.Empty);

        // Read until the stream fails; only heartbeats may come before (the clock jumps past heartbeat intervals).
        var ended = ReadUntilErrorAsync(call);
        var clock = Stopwatch.StartNew();
        while (!ended.IsCompleted)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the stream did not end");
            var polls = gateway.Watch.PollsOf(key);
            if (polls > 0 && gateway.Watch.WaitsOf(key) >= polls)
            {
                time.Advance(TimeSpan.FromSeconds(30));
                await Eventually(() => gateway.Watch.PollsOf(key) > polls || ended.IsCompleted, "the poller did not poll");
            }

            await Task.Delay(PollPause);
        }

        var (e, types) = await ended;
        Assert.Equal(StatusCode.NotFound, e.StatusCode);
        Assert.All(types, t => Assert.Equal(WatchEventType.Heartbeat, t));

        // NotFoundTolerance (3, README) NotFound answers are tolerated; the fourth ends the stream: four polls, each
        // one upstream request for the task, and not one more once it ended.
        Assert.Equal(4, gateway.Watch.PollsOf(key));
        Assert.Equal(4, gateway.Sandbox.Requests.CountContaining(id));
    }

    private static async Task<(RpcException Error, List<WatchEventType> Before)> ReadUntilErrorAsync(AsyncServerStreamingCall<WatchTaskResponse> call)
    {
        var types = new List<WatchEventType>();
        try
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                types.Add(call.ResponseStream.Current.Type);
            }
        }
        catch (RpcException e)
        {
            return (e, types);
        }

        throw new Xunit.Sdk.XunitException("The stream ended without an error.");
    }

    [Fact]
    public async Task WatchTask_CallerCancels_SubscriptionFreedAndPollerStopped()
    {
        // The system clock, an idle timeout of zero and an hour between polls: nothing here waits on time.
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s["TaskGateway:Watch:PollerIdleTimeout"] = "00:00:00";
            s["TaskGateway:Sources:clouddc:MinPollInterval"] = "01:00:00";
            s["TaskGateway:Sources:clouddc:MaxPollInterval"] = "01:00:00";
        });
        var hub = gateway.Services.GetRequiredService<WatchHub>();
        var key = new PollerKey("clouddc", Names.CloudDcLive, string.Empty);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var call = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.CloudDcLive }, cancellationToken: stop.Token);
        Assert.True(await call.ResponseStream.MoveNext(stop.Token));
        Assert.Equal(1, hub.SubscribersOf(key));

        await stop.CancelAsync();

        await Eventually(() => hub.ActivePollers == 0, "the poller did not stop once its only watcher left");
        Assert.Equal(0, hub.SubscribersOf(key));
    }

    [Fact]
    public async Task WatchTask_GatewayShutsDown_StreamEndsUnavailableSoClientsReconnect()
    {
        await using var gateway = await StartAsync(Clock());
        using var call = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.CloudDcLive });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        var stopping = gateway.StopServerAsync();
        var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        await stopping;

        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Equal("SERVER_SHUTTING_DOWN", e.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>().Reason);
    }

    [Fact]
    public async Task WatchTask_BadName_InvalidArgumentAndNoPoller()
    {
        await using var gateway = await StartAsync(Clock());
        using var call = gateway.Client.WatchTask(new WatchTaskRequest { Name = "sources/iotda/../etc" });

        var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal(0, gateway.Services.GetRequiredService<WatchHub>().ActivePollers);
    }

    private static async Task<List<(string Type, string State, string Etag, bool Done)>> ReadGrpcAsync(AsyncServerStreamingCall<WatchTaskResponse> call)
    {
        using (call)
        {
            var events = new List<(string, string, string, bool)>();
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                var e = call.ResponseStream.Current;
                if (e.Type != WatchEventType.Heartbeat)
                {
                    events.Add((e.Type.ToString().ToUpperInvariant(), e.Task.State.ToString().ToUpperInvariant(), e.Task.Etag, e.Task.Done));
                }
            }

            return events;
        }
    }

    private static async Task<List<(string Type, string State, string Etag, bool Done)>> ReadNdjsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<(string, string, string, bool)>();
        while (await reader.ReadLineAsync() is { } line)
        {
            AddJsonEvent(events, line);
        }

        return events;
    }

    private static async Task<List<(string Type, string State, string Etag, bool Done)>> ReadSseAsync(HttpClient http, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<(string, string, string, bool)>();
        string? eventName = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventName = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                AddJsonEvent(events, line[6..]);
                Assert.Equal(eventName!.ToUpperInvariant(), JsonDocument.Parse(line[6..]).RootElement.GetProperty("type").GetString());
            }
        }

        return events;
    }

    private static void AddJsonEvent(List<(string, string, string, bool)> events, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.False(root.TryGetProperty("code", out _), "the stream ended with an error: " + json);
        var type = root.GetProperty("type").GetString()!;
        if (type == "HEARTBEAT")
        {
            return;
        }

        var task = root.GetProperty("task");
        events.Add((type, task.GetProperty("state").GetString()!, task.GetProperty("etag").GetString()!, task.GetProperty("done").GetBoolean()));
    }
}
