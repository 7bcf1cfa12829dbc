using System.Collections.Concurrent;
using System.Security.Cryptography;
using Google.Rpc;
using Grpc.Core;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Filtering;
using TaskGateway.Core.Paging;
using TaskGateway.Watch;
using static TaskGateway.Contracts.V1.CloudTask.Types;
using StatusCode = Grpc.Core.StatusCode;

namespace TaskGateway.Tests.Watch;

public class WatchStreamsTests
{
    private readonly PageTokenCodec _tokens = new(RandomNumberGenerator.GetBytes(32));

    private static IReadOnlyList<CloudTask> Script(int n) =>
        // polls 1-2: etag a, RUNNING; 3-4: etag b; 5+: done.
        [WatchTestKit.Task(n <= 2 ? "a" : n <= 4 ? "b" : "c", n >= 5 ? State.Succeeded : State.Running)];

    private (WatchStreams Streams, WatchSpec Spec) Create(WatchTestKit kit, string resumeToken = "", CancellationToken shutdown = default) =>
        (kit.Streams(_tokens, shutdown),
         new WatchSpec(kit.Key, () => kit.Source, WatchTestKit.Interval, WatchTestKit.Interval, TaskFilter.All, SingleTask: true, resumeToken));

    [Fact]
    public async Task RunAsync_TaskRunsToDone_InitialThenOneEventPerChangeThenEndsOk()
    {
        var kit = new WatchTestKit(Script);
        var (streams, spec) = Create(kit);
        var events = new ConcurrentQueue<WatchEvent>();

        var run = streams.RunAsync(spec, e => { events.Enqueue(e); return Task.CompletedTask; }, CancellationToken.None);
        await kit.PolledAsync(1);
        for (var i = 0; i < 4; i++)
        {
            // Let the stream catch up before each poll, or latest-state delivery may rightly skip a state.
            var published = Enumerable.Range(1, kit.Source.Fetches).Select(n => Script(n)[0].Etag).Distinct().Count();
            await WatchTestKit.Until(() => kit.Observer.SnapshotsApplied == published);
            await kit.NextPollAsync(WatchTestKit.Interval);
        }

        await run;

        Assert.Equal([WatchEventType.Initial, WatchEventType.Modified, WatchEventType.Modified], events.Select(e => e.Type));
        Assert.Equal(["a", "b", "c"], events.Select(e => e.Task!.Etag));
        Assert.True(events.Last().Task!.Done);
        await WatchTestKit.Until(() => kit.Hub.ActivePollers == 0);
    }

    private string Digest(WatchSpec spec, string token) =>
        _tokens.TryDecode(token, $"watch\n{spec.Key.Source}\n{spec.Key.Resource}\n{spec.Filter.Text}", out var cursor) ? cursor.Marker : throw new InvalidOperationException("Not a resume token.");

    [Fact]
    public async Task RunAsync_NothingChanges_HeartbeatEveryInterval()
    {
        var kit = new WatchTestKit(_ => [WatchTestKit.Task("same")], new WatchOptions { HeartbeatInterval = TimeSpan.FromSeconds(15) });
        var (streams, spec) = Create(kit);
        var events = new ConcurrentQueue<WatchEvent>();
        using var stop = new CancellationTokenSource();

        var run = streams.RunAsync(spec with { MaxPollInterval = TimeSpan.FromMinutes(10) }, e => { events.Enqueue(e); return Task.CompletedTask; }, stop.Token);
        await WatchTestKit.Until(() => events.Count == 1);

        // The first tick follows the INITIAL event: nothing to add. The second finds a quiet interval.
        kit.Time.Advance(TimeSpan.FromSeconds(15));
        await WatchTestKit.Until(() => kit.Observer.TicksHandled == 1);
        Assert.Single(events);
        kit.Time.Advance(TimeSpan.FromSeconds(15));
        await WatchTestKit.Until(() => events.Count == 2);

        Assert.Equal(WatchEventType.Heartbeat, events.Last().Type);
        Assert.Null(events.Last().Task);
        Assert.Equal(Digest(spec, events.First().ResumeToken), Digest(spec, events.Last().ResumeToken));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task RunAsync_ResumeTokenStillMatches_NoInitialEvent()
    {
        var kit = new WatchTestKit(Script);
        var (streams, spec) = Create(kit);
        var first = new ConcurrentQueue<WatchEvent>();
        using (var stop = new CancellationTokenSource())
        {
            var run = streams.RunAsync(spec, e => { first.Enqueue(e); return Task.CompletedTask; }, stop.Token);
            await WatchTestKit.Until(() => first.Count == 1);
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }

        var resumed = new ConcurrentQueue<WatchEvent>();
        using var stop2 = new CancellationTokenSource();
        var applied = kit.Observer.SnapshotsApplied;
        var again = streams.RunAsync(spec with { ResumeToken = first.Single().ResumeToken }, e => { resumed.Enqueue(e); return Task.CompletedTask; }, stop2.Token);
        await WatchTestKit.Until(() => kit.Observer.SnapshotsApplied > applied);
        Assert.Empty(resumed);
        await kit.NextPollAsync(WatchTestKit.Interval);
        await kit.NextPollAsync(WatchTestKit.Interval);
        await WatchTestKit.Until(() => resumed.Count == 1);

        Assert.Equal(WatchEventType.Modified, resumed.Single().Type);
        Assert.Equal("b", resumed.Single().Task!.Etag);
        await stop2.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => again);
    }

    [Fact]
    public async Task RunAsync_ForgedResumeToken_InvalidArgumentBeforeSubscribing()
    {
        var kit = new WatchTestKit(Script);
        var (streams, spec) = Create(kit, resumeToken: "forged");

        var e = await Assert.ThrowsAsync<RequestValidationException>(() => streams.RunAsync(spec with { ResumeToken = "forged" }, _ => Task.CompletedTask, CancellationToken.None));

        Assert.Equal("resume_token", e.Violations.Single().Field);
        Assert.Equal(0, kit.Source.Fetches);
    }

    [Fact]
    public async Task RunAsync_MaxDurationReached_UnavailableWithReason()
    {
        var kit = new WatchTestKit(_ => [WatchTestKit.Task("same")], new WatchOptions { MaxStreamDuration = TimeSpan.FromMinutes(1), HeartbeatInterval = TimeSpan.FromMinutes(5) });
        var (streams, spec) = Create(kit);
        var events = 0;

        var run = streams.RunAsync(spec with { MaxPollInterval = TimeSpan.FromMinutes(10) }, _ => { Interlocked.Increment(ref events); return Task.CompletedTask; }, CancellationToken.None);
        await WatchTestKit.Until(() => Volatile.Read(ref events) == 1);
        kit.Time.Advance(TimeSpan.FromMinutes(1));
        var e = await Assert.ThrowsAsync<RpcException>(() => run);

        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Equal("STREAM_DURATION_EXCEEDED", e.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
    }

    [Fact]
    public async Task RunAsync_Shutdown_UnavailableSoClientsReconnect()
    {
        var kit = new WatchTestKit(_ => [WatchTestKit.Task("same")]);
        using var shutdown = new CancellationTokenSource();
        var (streams, spec) = Create(kit, shutdown: shutdown.Token);
        var events = 0;

        var run = streams.RunAsync(spec, _ => { Interlocked.Increment(ref events); return Task.CompletedTask; }, CancellationToken.None);
        await WatchTestKit.Until(() => Volatile.Read(ref events) == 1);
        await shutdown.CancelAsync();
        var e = await Assert.ThrowsAsync<RpcException>(() => run);

        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Equal("SERVER_SHUTTING_DOWN", e.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
    }

    [Fact]
    public async Task RunAsync_CallerCancels_SubscriptionFreedAtOnce()
    {
        var kit = new WatchTestKit(_ => [WatchTestKit.Task("same")]);
        var (streams, spec) = Create(kit);
        using var stop = new CancellationTokenSource();
        var events = 0;

        var run = streams.RunAsync(spec, _ => { Interlocked.Increment(ref events); return Task.CompletedTask; }, stop.Token);
        await WatchTestKit.Until(() => Volatile.Read(ref events) == 1);
        Assert.Equal(1, kit.Hub.SubscribersOf(kit.Key));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.Equal(0, kit.Hub.SubscribersOf(kit.Key));
        kit.Time.Advance(kit.Options.PollerIdleTimeout);
        await WatchTestKit.Until(() => kit.Hub.ActivePollers == 0);
    }

    [Fact]
    public async Task RunAsync_SlowConsumer_SkipsIntermediateStatesButGetsDone()
    {
        var kit = new WatchTestKit(Script);
        var (streams, spec) = Create(kit);
        var events = new ConcurrentQueue<WatchEvent>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var run = streams.RunAsync(spec, async e =>
        {
            events.Enqueue(e);
            await gate.Task;
        }, CancellationToken.None);
        await WatchTestKit.Until(() => events.Count == 1);
        for (var i = 0; i < 4; i++)
        {
            await kit.NextPollAsync(WatchTestKit.Interval);
        }

        await WatchTestKit.Until(() => kit.Hub.ActivePollers == 0);
        gate.SetResult();
        await run;

        // Etag b (polls 3-4) was overtaken while the consumer was stuck; the done state still arrives.
        Assert.Equal(["a", "c"], events.Select(e => e.Task!.Etag));
        Assert.True(events.Last().Task!.Done);
    }

    [Fact]
    public async Task RunAsync_PollerGivesUp_StreamEndsWithItsStatus()
    {
        var kit = new WatchTestKit(n => n == 1 ? [WatchTestKit.Task("a")] : throw new UpstreamException(UpstreamFailure.HttpStatus, "src", "x", 502), new WatchOptions { ErrorBudget = 2 });
        var (streams, spec) = Create(kit);
        var events = 0;

        var run = streams.RunAsync(spec, e => { if (e.Type != WatchEventType.Heartbeat) { Interlocked.Increment(ref events); } return Task.CompletedTask; }, CancellationToken.None);
        await kit.PolledAsync(1);
        await WatchTestKit.Until(() => Volatile.Read(ref events) == 1);
        await kit.NextPollAsync(TimeSpan.FromMinutes(1));
        await kit.NextPollAsync(TimeSpan.FromMinutes(1));
        var e = await Assert.ThrowsAsync<RpcException>(() => run);

        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Equal(1, events);
    }

    [Fact]
    public async Task RunAsync_UntilMatchesBeforeDone_SendsTheMatchThenEndsOk()
    {
        // polls 1-2: PENDING; 3-4: RUNNING; 5+: SUCCEEDED.
        static IReadOnlyList<CloudTask> Steps(int n) => [WatchTestKit.Task(n <= 2 ? "a" : n <= 4 ? "b" : "c", n <= 2 ? State.Pending : n <= 4 ? State.Running : State.Succeeded)];
        var kit = new WatchTestKit(Steps);
        var (streams, spec) = Create(kit);
        var events = new ConcurrentQueue<WatchEvent>();

        var run = streams.RunAsync(spec with { Until = TaskFilter.Parse("state = RUNNING") }, e => { events.Enqueue(e); return Task.CompletedTask; }, CancellationToken.None);
        await kit.PolledAsync(1);
        await WatchTestKit.Until(() => kit.Observer.SnapshotsApplied == 1);
        await kit.NextPollAsync(WatchTestKit.Interval);
        await kit.NextPollAsync(WatchTestKit.Interval);
        await run;

        Assert.Equal([WatchEventType.Initial, WatchEventType.Modified], events.Select(e => e.Type));
        Assert.Equal(State.Running, events.Last().Task!.State);
        Assert.False(events.Last().Task!.Done);
    }

    [Fact]
    public async Task RunAsync_ResumedAtTheMatchingState_StillSendsItAndEnds()
    {
        var kit = new WatchTestKit(_ => [WatchTestKit.Task("b", State.Running)]);
        var (streams, spec) = Create(kit);
        var until = spec with { Until = TaskFilter.Parse("state = RUNNING") };
        var first = new ConcurrentQueue<WatchEvent>();
        await streams.RunAsync(until, e => { first.Enqueue(e); return Task.CompletedTask; }, CancellationToken.None);
        var resumed = new ConcurrentQueue<WatchEvent>();

        await streams.RunAsync(until with { ResumeToken = first.Single().ResumeToken }, e => { resumed.Enqueue(e); return Task.CompletedTask; }, CancellationToken.None);

        Assert.Equal(WatchEventType.Initial, Assert.Single(resumed).Type);
        Assert.Equal("b", resumed.Single().Task!.Etag);
    }

    [Fact]
    public async Task RunAsync_DoneWithoutMatchingUntil_FailedPreconditionAfterTheLastState()
    {
        var kit = new WatchTestKit(_ => [WatchTestKit.Task("f", State.Failed)]);
        var (streams, spec) = Create(kit);
        var events = new ConcurrentQueue<WatchEvent>();

        var e = await Assert.ThrowsAsync<GatewayException>(() => streams.RunAsync(spec with { Until = TaskFilter.Parse("state = RUNNING") }, e => { events.Enqueue(e); return Task.CompletedTask; }, CancellationToken.None));

        Assert.Equal(StatusCode.FailedPrecondition, e.Code);
        Assert.Equal(ErrorReason.WatchConditionUnreachable, e.Reason);
        Assert.Equal("STATE_FAILED", e.Metadata["state"]);
        Assert.Equal("state = RUNNING", e.Metadata["until"]);
        Assert.Equal(State.Failed, Assert.Single(events).Task!.State);
    }
}
