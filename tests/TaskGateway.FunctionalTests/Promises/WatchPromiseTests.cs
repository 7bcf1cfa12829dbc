using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TaskGateway.Contracts.V1;
using TaskGateway.Sandbox;
using TaskGateway.Watch;
using static TaskGateway.Contracts.V1.CloudTask.Types;
using StatusCode = Grpc.Core.StatusCode;

namespace TaskGateway.FunctionalTests.Promises;

/// <summary>README's "Watching" promises that had no test of their own, each named after its promise.</summary>
public class WatchPromiseTests
{
    private static ErrorInfo InfoOf(RpcException e) => e.GetRpcStatus()!.GetDetail<ErrorInfo>();

    [Fact]
    public async Task WatchTask_SseReconnectWithLastEventId_ResumesAfterThatEvent()
    {
        // README: "Resume. Pass the last resume_token (SSE: Last-Event-ID ...); if nothing changed since, the INITIAL events are skipped".
        var time = WatchTests.Clock();
        await using var gateway = await WatchTests.StartAsync(time);
        var key = new PollerKey("iotda", Names.IotdaLive, string.Empty);
        var path = $"/v1/{Names.IotdaLive}:watch";

        string lastEventId;
        using (var first = await OpenSseAsync(gateway.Rest, path, lastEventId: null))
        {
            var initial = await first.NextAsync();
            Assert.Equal("initial", initial.Event);
            Assert.Equal("PENDING", initial.State);
            lastEventId = initial.Id;
            Assert.NotEmpty(lastEventId);
        }

        var hub = gateway.Services.GetRequiredService<WatchHub>();
        await WatchTests.Eventually(() => hub.SubscribersOf(key) == 0, "the first stream's subscription outlived it");

        // The task has not changed (the clock stands still): the resumed stream must not send INITIAL again, and
        // its first event is the change to RUNNING (at 10 s on the sandbox's timeline). Its headers go out with
        // its first event, so it is opened in the background.
        var next = Task.Run(async () =>
        {
            using var resumed = await OpenSseAsync(gateway.Rest, path, lastEventId);
            return await resumed.NextAsync();
        });
        await WatchTests.Eventually(() => hub.SubscribersOf(key) == 1 || next.IsCompleted, "the resumed stream did not subscribe");
        await AdvanceUntilAsync(gateway, time, key, () => next.IsCompleted);
        var e = await next;
        Assert.Equal("modified", e.Event);
        Assert.Equal("RUNNING", e.State);

        // Control: the same reconnect without Last-Event-ID opens with the whole current state.
        using var fresh = await OpenSseAsync(gateway.Rest, path, lastEventId: null);
        var again = await fresh.NextAsync();
        Assert.Equal("initial", again.Event);
        Assert.Equal("RUNNING", again.State);
    }

    [Fact]
    public async Task WatchTask_ResumeTokenReplayedOnAnotherResourceOrFilter_InvalidArgumentOnResumeToken()
    {
        // README: "Tokens are sealed like page tokens, bound to the resource and filter"; a bad field is INVALID_ARGUMENT with a BadRequest field violation.
        await using var gateway = await WatchTests.StartAsync(WatchTests.Clock());
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        string taskToken;
        using (var call = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.AstraLive }, cancellationToken: stop.Token))
        {
            Assert.True(await call.ResponseStream.MoveNext(stop.Token));
            taskToken = call.ResponseStream.Current.ResumeToken;
        }

        string collectionToken;
        using (var call = gateway.Client.WatchTasks(new WatchTasksRequest { Parent = Names.AstraParent, Filter = "done = false" }, cancellationToken: stop.Token))
        {
            // The initial state's last event, the bookmark heartbeat, carries the token of the whole initial state.
            while (await call.ResponseStream.MoveNext(stop.Token) && call.ResponseStream.Current.Type != WatchEventType.Heartbeat)
            {
            }

            collectionToken = call.ResponseStream.Current.ResumeToken;
            Assert.NotEmpty(collectionToken);
        }

        // Control: the collection's token opens on its own parent and filter (nothing changed: no INITIAL, the bookmark first).
        using (var own = gateway.Client.WatchTasks(new WatchTasksRequest { Parent = Names.AstraParent, Filter = "done = false", ResumeToken = collectionToken }, cancellationToken: stop.Token))
        {
            Assert.True(await own.ResponseStream.MoveNext(stop.Token));
            Assert.Equal(WatchEventType.Heartbeat, own.ResponseStream.Current.Type);
        }

        using var otherTask = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.AstraFailed, ResumeToken = taskToken }, cancellationToken: stop.Token);
        AssertResumeTokenRefused(await Assert.ThrowsAsync<RpcException>(() => otherTask.ResponseStream.MoveNext(stop.Token)));

        using var otherFilter = gateway.Client.WatchTasks(new WatchTasksRequest { Parent = Names.AstraParent, Filter = "done = true", ResumeToken = collectionToken }, cancellationToken: stop.Token);
        AssertResumeTokenRefused(await Assert.ThrowsAsync<RpcException>(() => otherFilter.ResponseStream.MoveNext(stop.Token)));

        using var otherParent = gateway.Client.WatchTasks(new WatchTasksRequest { Parent = Names.DmsParent, Filter = "done = false", ResumeToken = collectionToken }, cancellationToken: stop.Token);
        AssertResumeTokenRefused(await Assert.ThrowsAsync<RpcException>(() => otherParent.ResponseStream.MoveNext(stop.Token)));
    }

    private static void AssertResumeTokenRefused(RpcException e)
    {
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", InfoOf(e).Reason);
        var violation = Assert.Single(e.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal("resume_token", violation.Field);
    }

    [Fact]
    public async Task WatchTask_ServerShutsDown_UnavailableServerShuttingDownWithRetryInfoZero()
    {
        // README: "at shutdown a stream ends with UNAVAILABLE (... SERVER_SHUTTING_DOWN) and RetryInfo 0 s: reconnect with the last token".
        await using var gateway = await WatchTests.StartAsync(WatchTests.Clock());
        using var call = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.CloudDcLive });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        var stopping = gateway.StopServerAsync();
        var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        await stopping;

        AssertReconnect(e, "SERVER_SHUTTING_DOWN");
    }

    [Fact]
    public async Task WatchTasks_MaxStreamDurationReached_UnavailableStreamDurationExceededWithRetryInfoZero()
    {
        // README: "At the server's maximum stream duration ... a stream ends with UNAVAILABLE (STREAM_DURATION_EXCEEDED ...) and RetryInfo 0 s".
        var time = WatchTests.Clock();
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(time, s => s["TaskGateway:Watch:MaxStreamDuration"] = "00:10:00");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var call = gateway.Client.WatchTasks(new WatchTasksRequest { Parent = Names.AstraParent }, cancellationToken: stop.Token);
        Assert.True(await call.ResponseStream.MoveNext(stop.Token));

        var end = ReadToErrorAsync(call.ResponseStream, stop.Token);
        // Nine minutes in, the stream has handled the jump (its heartbeat ticked) and still runs.
        var ticks = gateway.Watch.TicksHandled;
        time.Advance(TimeSpan.FromMinutes(9));
        await WatchTests.Eventually(() => gateway.Watch.TicksHandled > ticks || end.IsCompleted, "the stream did not handle the clock's jump");
        Assert.False(end.IsCompleted, "the stream ended before its maximum duration");
        time.Advance(TimeSpan.FromMinutes(1));
        var e = await end;

        AssertReconnect(e, "STREAM_DURATION_EXCEEDED");
    }

    private static async Task<RpcException> ReadToErrorAsync<T>(IAsyncStreamReader<T> stream, CancellationToken token)
    {
        try
        {
            while (await stream.MoveNext(token))
            {
            }
        }
        catch (RpcException e)
        {
            return e;
        }

        throw new Xunit.Sdk.XunitException("The stream ended without an error.");
    }

    private static void AssertReconnect(RpcException e, string reason)
    {
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Equal(reason, InfoOf(e).Reason);
        Assert.Equal("taskgateway", InfoOf(e).Domain);
        var retry = e.GetRpcStatus()!.GetDetail<RetryInfo>();
        Assert.NotNull(retry);
        Assert.Equal(TimeSpan.Zero, retry.RetryDelay.ToTimeSpan());
    }

    [Fact]
    public async Task WatchTask_CallersDeadline_EndsWithDeadlineExceededAndSubscriptionFreed()
    {
        // README: "A caller's deadline or cancellation ends its subscription at once."
        await using var gateway = await WatchTests.StartAsync(WatchTests.Clock());
        var hub = gateway.Services.GetRequiredService<WatchHub>();
        var key = new PollerKey("clouddc", Names.CloudDcLive, string.Empty);
        var deadline = TimeSpan.FromSeconds(2);
        var clock = Stopwatch.StartNew();
        using var call = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.CloudDcLive }, deadline: DateTime.UtcNow + deadline);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(1, hub.SubscribersOf(key));

        // The fake clock stands still: nothing but the deadline can end this stream.
        var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        var elapsed = clock.Elapsed;

        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
        Assert.InRange(elapsed, deadline - TimeSpan.FromMilliseconds(100), deadline + TimeSpan.FromSeconds(10));
        // The server side let go of the subscription too, without waiting for the next poll or heartbeat.
        await WatchTests.Eventually(() => hub.SubscribersOf(key) == 0, "the subscription outlived the caller's deadline");
    }

    [Fact]
    public async Task WatchTasks_CollectionOverMaxCollectionPages_WatchedUpToThatManyPagesNewestFirst()
    {
        // README: "A collection larger than MaxCollectionPages pages is watched up to that many pages, in the backend's order (newest first on IoTDA ...)".
        // The sandbox's IoTDA instance has 25 tasks and IoTDA pages hold at most 20: one page leaves the 5 oldest out.
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(WatchTests.Clock(), s => s["TaskGateway:Watch:MaxCollectionPages"] = "1");
        var listPath = $"/iotda-instances/{SandboxIds.IotdaInstance}/tasks?";
        var before = gateway.Sandbox.Requests.CountContaining(listPath);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var call = gateway.Client.WatchTasks(new WatchTasksRequest { Parent = Names.IotdaParent }, cancellationToken: stop.Token);

        var initial = new List<CloudTask>();
        while (await call.ResponseStream.MoveNext(stop.Token) && call.ResponseStream.Current.Type != WatchEventType.Heartbeat)
        {
            Assert.Equal(WatchEventType.Initial, call.ResponseStream.Current.Type);
            initial.Add(call.ResponseStream.Current.Task);
        }

        Assert.Equal(20, initial.Count);
        Assert.Equal(1, gateway.Sandbox.Requests.CountContaining(listPath) - before);
        Assert.Contains(initial, t => t.Name == Names.IotdaLive);
        for (var i = 20; i <= 24; i++)
        {
            var oldest = $"{Names.IotdaParent}/tasks/{i:x8}-1c2d-4e3f-8a9b-{i * 7919:x12}";
            Assert.DoesNotContain(initial, t => t.Name == oldest);
        }

        for (var i = 1; i <= 19; i++)
        {
            var newer = $"{Names.IotdaParent}/tasks/{i:x8}-1c2d-4e3f-8a9b-{i * 7919:x12}";
            Assert.Contains(initial, t => t.Name == newer);
        }
    }

    [Fact]
    public async Task WatchTask_NotFoundAfterFirstSight_EndsAtOnceWithNotFound()
    {
        // README: "NotFound right after creation is tolerated NotFoundTolerance (3) times ... Permanent errors (403, 404 once seen, 401) end it at once".
        var time = WatchTests.Clock();
        await using var gateway = await WatchTests.StartAsync(time);
        var key = new PollerKey("iotda", Names.IotdaLive, string.Empty);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var call = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.IotdaLive }, cancellationToken: stop.Token);
        Assert.True(await call.ResponseStream.MoveNext(stop.Token));
        Assert.Equal(WatchEventType.Initial, call.ResponseStream.Current.Type);
        await WatchTests.Eventually(() => gateway.Watch.PollsOf(key) == 1 && gateway.Watch.WaitsOf(key) >= 1, "the poller did not wait for its next poll");

        // Only the next poll answers 404; a poller that tolerated it would poll again and find the task.
        gateway.Sandbox.Faults.Enqueue(SandboxIds.IotdaLiveTask, new SandboxFault(404, """{"error_code":"IOTDA.014111","error_msg":"The task does not exist."}"""));
        var end = ReadToErrorAsync(call.ResponseStream, stop.Token);
        time.Advance(TimeSpan.FromSeconds(1));
        await WatchTests.Eventually(() => end.IsCompleted || gateway.Watch.WaitsOf(key) >= 2, "the poller neither ended the stream nor waited");

        Assert.True(end.IsCompleted, "the stream did not end at the first 404 after the task was seen");
        var e = await end;
        Assert.Equal(StatusCode.NotFound, e.StatusCode);
        Assert.Equal("TASK_NOT_FOUND", InfoOf(e).Reason);
        Assert.Equal(2, gateway.Watch.PollsOf(key));
    }

    [Theory]
    [InlineData(Names.AstraFailed, "failed", "")]
    [InlineData(Names.CloudDcError, "error/install-failed", "CLOUDDC.1001")]
    public async Task WatchTask_FailedTask_ErrorIsAbortedWithTaskFailedAndSourceState(string name, string sourceState, string backendCode)
    {
        // README: "A failed task's error is a google.rpc.Status with code ABORTED and an ErrorInfo (TASK_FAILED, with sourceState and the backend's error code)".
        await using var gateway = await WatchTests.StartAsync(WatchTests.Clock());
        using var call = gateway.Client.WatchTask(new WatchTaskRequest { Name = name });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var task = call.ResponseStream.Current.Task;
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(State.Failed, task.State);
        Assert.Equal(10, task.Error.Code); // google.rpc.Code.ABORTED
        var info = task.Error.Details.Select(d => d.Unpack<ErrorInfo>()).Single();
        Assert.Equal("TASK_FAILED", info.Reason);
        Assert.Equal("taskgateway", info.Domain);
        Assert.Equal(sourceState, info.Metadata["sourceState"]);
        Assert.Equal(sourceState, task.SourceState);
        Assert.Equal(backendCode, info.Metadata["upstreamErrorCode"]);
    }

    /// <summary>Moves the fake clock one second at a time, each time once the poller waits for it, until done() holds.</summary>
    private static async Task AdvanceUntilAsync(GatewayInstance gateway, FakeTimeProvider time, PollerKey key, Func<bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the event did not come");
            var polls = gateway.Watch.PollsOf(key);
            if (polls == 0 || gateway.Watch.WaitsOf(key) < polls)
            {
                // A short real pause between looks, not Task.Yield: a spin would hold a core from the poller it waits on.
                await Task.Delay(TimeSpan.FromMilliseconds(5));
                continue;
            }

            time.Advance(TimeSpan.FromSeconds(1));
            await WatchTests.Eventually(() => gateway.Watch.PollsOf(key) != polls || done(), "the poller did not poll");
        }
    }

    private static async Task<SseReader> OpenSseAsync(HttpClient http, string path, string? lastEventId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        return new SseReader(request, response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    private sealed record SseEvent(string Id, string Event, string? State);

    /// <summary>Reads one SSE stream event by event, skipping heartbeats.</summary>
    private sealed class SseReader(HttpRequestMessage request, HttpResponseMessage response, StreamReader reader) : IDisposable
    {
        public async Task<SseEvent> NextAsync()
        {
            while (true)
            {
                string id = string.Empty, name = string.Empty, data = string.Empty;
                while (await reader.ReadLineAsync() is { } line && line.Length > 0)
                {
                    if (line.StartsWith("id: ", StringComparison.Ordinal))
                    {
                        id = line[4..];
                    }
                    else if (line.StartsWith("event: ", StringComparison.Ordinal))
                    {
                        name = line[7..];
                    }
                    else if (line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        data = line[6..];
                    }
                }

                Assert.False(data.Length == 0 && name.Length == 0, "the stream ended");
                if (name == "heartbeat")
                {
                    continue;
                }

                using var json = JsonDocument.Parse(data);
                var state = json.RootElement.TryGetProperty("task", out var task) ? task.GetProperty("state").GetString() : null;
                return new SseEvent(id, name, state);
            }
        }

        public void Dispose()
        {
            reader.Dispose();
            response.Dispose();
            request.Dispose();
        }
    }
}
