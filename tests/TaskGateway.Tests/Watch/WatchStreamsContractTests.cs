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

/// <summary>
/// What a watch stream sends and how it ends, as the README describes it: heartbeats, resume tokens on every event
/// (the batch's last one after it, the earlier ones before it), resume, the reconnect statuses and the unreachable until.
/// </summary>
public class WatchStreamsContractTests
{
    // The digest of a view that holds nothing: the first 16 bytes of SHA-256 over no bytes.
    private const string EmptyDigest = "e3b0c44298fc1c149afbf4c8996fb924";

    private readonly PageTokenCodec _tokens = new(RandomNumberGenerator.GetBytes(32));

    private static CloudTask C(string id, string etag) => new() { Name = $"sources/src/accounts/a/tasks/{id}", Etag = etag, State = State.Running };

    private WatchStreams Streams(WatchTestKit kit, CancellationToken shutdown = default) => kit.Streams(_tokens, shutdown);

    private static WatchSpec Single(WatchTestKit kit) =>
        new(kit.Key, () => kit.Source, WatchTestKit.Interval, WatchTestKit.Interval, TaskFilter.All, SingleTask: true, string.Empty);

    private static WatchSpec Collection(WatchTestKit kit) =>
        new(kit.Key, () => kit.Source, WatchTestKit.Interval, WatchTestKit.Interval, TaskFilter.All, SingleTask: false, string.Empty);

    private static string DigestOf(WatchStreams streams, WatchSpec spec, string token) => streams.ReadResumeToken(spec with { ResumeToken = token })!;

    private static async Task Ends(Task run)
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task RunAsync_NoSnapshotYet_HeartbeatAtTheFirstTick()
    {
        var kit = new WatchTestKit(_ => [], new WatchOptions { HeartbeatInterval = TimeSpan.FromSeconds(15) });
        var streams = Streams(kit);
        // The first poll never answers: nothing is written before the first tick, which therefore sends a heartbeat.
        var spec = Single(kit) with { Source = () => new PendingSource() };
        var events = new ConcurrentQueue<WatchEvent>();
        using var stop = new CancellationTokenSource();
        var run = streams.RunAsync(spec, e => { events.Enqueue(e); return Task.CompletedTask; }, stop.Token);
        await WatchTestKit.Until(() => kit.Hub.ActivePollers == 1);

        kit.Time.Advance(TimeSpan.FromSeconds(15));
        await WatchTestKit.Until(() => kit.Observer.TicksHandled == 1);

        var heartbeat = Assert.Single(events);
        Assert.Equal(WatchEventType.Heartbeat, heartbeat.Type);
        Assert.Null(heartbeat.Task);
        Assert.Equal(EmptyDigest, DigestOf(streams, spec, heartbeat.ResumeToken));
        Assert.Equal(kit.Time.GetUtcNow(), heartbeat.Time);
        await stop.CancelAsync();
        await Ends(run);
    }

    [Fact]
    public async Task RunAsync_Collection_InitialStateThenBookmarkThenAddedAndModified_TokensBeforeAndAfterEachBatch()
    {
        // Poll 1: a and b. Poll 2+: b modified, c added.
        var kit = new WatchTestKit(n => n == 1 ? [C("a", "1"), C("b", "1")] : [C("a", "1"), C("b", "2"), C("c", "1")]);
        var streams = Streams(kit);
        var spec = Collection(kit);
        var events = new ConcurrentQueue<WatchEvent>();
        using var stop = new CancellationTokenSource();
        var run = streams.RunAsync(spec, e => { events.Enqueue(e); return Task.CompletedTask; }, stop.Token);
        await kit.PolledAsync(1);
        await WatchTestKit.Until(() => events.Count == 3 && kit.Observer.SnapshotsApplied == 1);
        await kit.NextPollAsync(WatchTestKit.Interval);
        await WatchTestKit.Until(() => kit.Observer.SnapshotsApplied == 2);
        await stop.CancelAsync();
        await Ends(run);

        var all = events.ToList();
        Assert.Equal(
            [(WatchEventType.Initial, "a"), (WatchEventType.Initial, "b"), (WatchEventType.Heartbeat, null), (WatchEventType.Modified, "b"), (WatchEventType.Added, "c")],
            all.Select(e => (e.Type, e.Task?.Name.Split('/')[^1])));
        var digests = all.Select(e => DigestOf(streams, spec, e.ResumeToken)).ToList();

        // Batch 1: the earlier events carry the state before it (nothing), the bookmark the state after it.
        Assert.Equal(EmptyDigest, digests[0]);
        Assert.Equal(EmptyDigest, digests[1]);
        Assert.NotEqual(EmptyDigest, digests[2]);
        // Batch 2: its first event carries the state batch 1 ended with; its last the new state.
        Assert.Equal(digests[2], digests[3]);
        Assert.NotEqual(digests[3], digests[4]);
        Assert.Equal(kit.Time.GetUtcNow(), all[4].Time);
    }

    [Fact]
    public async Task RunAsync_CollectionResumedWithTheLastToken_OnlyTheBookmark()
    {
        var kit = new WatchTestKit(_ => [C("a", "1"), C("b", "1")]);
        var streams = Streams(kit);
        var spec = Collection(kit);
        var first = await FirstBatch(kit, streams, spec, count: 3);

        var resumed = await FirstBatch(kit, streams, spec with { ResumeToken = first[^1].ResumeToken }, count: 1);

        var bookmark = Assert.Single(resumed);
        Assert.Equal(WatchEventType.Heartbeat, bookmark.Type);
        Assert.Equal(DigestOf(streams, spec, first[^1].ResumeToken), DigestOf(streams, spec, bookmark.ResumeToken));
    }

    [Fact]
    public async Task RunAsync_CollectionResumedWithAnEarlierToken_WholeStateAgain()
    {
        var kit = new WatchTestKit(_ => [C("a", "1"), C("b", "1")]);
        var streams = Streams(kit);
        var spec = Collection(kit);
        var first = await FirstBatch(kit, streams, spec, count: 3);

        // A caller that left after the first INITIAL event resumes with its token: it gets everything again.
        var resumed = await FirstBatch(kit, streams, spec with { ResumeToken = first[0].ResumeToken }, count: 3);

        Assert.Equal([WatchEventType.Initial, WatchEventType.Initial, WatchEventType.Heartbeat], resumed.Select(e => e.Type));
    }

    [Fact]
    public async Task RunAsync_SingleTaskResumedWithAStaleToken_InitialAgain()
    {
        var kit = new WatchTestKit(n => [WatchTestKit.Task(n <= 1 ? "a" : "b")]);
        var streams = Streams(kit);
        var spec = Single(kit);
        var first = await FirstBatch(kit, streams, spec, count: 1);
        await kit.NextPollAsync(WatchTestKit.Interval);
        await WatchTestKit.Until(() => kit.Observer.VersionOf(kit.Key) == 2);

        var resumed = await FirstBatch(kit, streams, spec with { ResumeToken = first[0].ResumeToken }, count: 1);

        Assert.Equal(WatchEventType.Initial, resumed[0].Type);
        Assert.Equal("b", resumed[0].Task!.Etag);
    }

    // Runs a stream until it wrote count events and applied a snapshot, then leaves.
    private static async Task<List<WatchEvent>> FirstBatch(WatchTestKit kit, WatchStreams streams, WatchSpec spec, int count)
    {
        var events = new ConcurrentQueue<WatchEvent>();
        var applied = kit.Observer.SnapshotsApplied;
        using var stop = new CancellationTokenSource();
        var run = streams.RunAsync(spec, e => { events.Enqueue(e); return Task.CompletedTask; }, stop.Token);
        await WatchTestKit.Until(() => kit.Observer.SnapshotsApplied > applied);
        await stop.CancelAsync();
        await Ends(run);
        Assert.Equal(count, events.Count);
        return [.. events];
    }

    [Fact]
    public async Task RunAsync_Shutdown_UnavailableServerShuttingDownRetryInfoZeroAndWhatToDo()
    {
        var kit = new WatchTestKit(_ => [WatchTestKit.Task("same")]);
        using var shutdown = new CancellationTokenSource();
        var streams = Streams(kit, shutdown: shutdown.Token);
        var events = 0;
        var run = streams.RunAsync(Single(kit), _ => { Interlocked.Increment(ref events); return Task.CompletedTask; }, CancellationToken.None);
        await WatchTestKit.Until(() => Volatile.Read(ref events) == 1);

        await shutdown.CancelAsync();
        var e = await Assert.ThrowsAsync<RpcException>(() => run);

        var status = e.GetRpcStatus()!;
        Assert.Equal((int)Code.Unavailable, status.Code);
        Assert.Equal("SERVER_SHUTTING_DOWN", status.GetDetail<ErrorInfo>().Reason);
        Assert.Equal(TimeSpan.Zero, status.GetDetail<RetryInfo>().RetryDelay?.ToTimeSpan());
        Assert.Contains("shutting down", status.Message, StringComparison.Ordinal);
        Assert.Contains("resume_token", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MaxDurationReached_UnavailableStreamDurationExceededRetryInfoZeroAndTheDuration()
    {
        var kit = new WatchTestKit(_ => [WatchTestKit.Task("same")], new WatchOptions { MaxStreamDuration = TimeSpan.FromMinutes(1), HeartbeatInterval = TimeSpan.FromMinutes(5) });
        var streams = Streams(kit);
        var events = 0;
        var run = streams.RunAsync(Single(kit) with { MaxPollInterval = TimeSpan.FromMinutes(10) }, _ => { Interlocked.Increment(ref events); return Task.CompletedTask; }, CancellationToken.None);
        await WatchTestKit.Until(() => Volatile.Read(ref events) == 1);

        kit.Time.Advance(TimeSpan.FromMinutes(1));
        var e = await Assert.ThrowsAsync<RpcException>(() => run);

        var status = e.GetRpcStatus()!;
        Assert.Equal((int)Code.Unavailable, status.Code);
        Assert.Equal("STREAM_DURATION_EXCEEDED", status.GetDetail<ErrorInfo>().Reason);
        Assert.Equal(TimeSpan.Zero, status.GetDetail<RetryInfo>().RetryDelay?.ToTimeSpan());
        Assert.Contains("maximum duration of 00:01:00", status.Message, StringComparison.Ordinal);
        Assert.Contains("resume_token", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DoneWithoutMatchingUntil_WatchConditionUnreachableNamesTheTaskAndItsSourceState()
    {
        var failed = WatchTestKit.Task("f", State.Failed);
        failed.SourceState = "EXPORT_FAILED";
        var kit = new WatchTestKit(_ => [failed]);
        var streams = Streams(kit);

        var e = await Assert.ThrowsAsync<GatewayException>(() => streams.RunAsync(Single(kit) with { Until = TaskFilter.Parse("state = RUNNING") }, _ => Task.CompletedTask, CancellationToken.None));

        Assert.Equal(StatusCode.FailedPrecondition, e.Code);
        Assert.Equal("WATCH_CONDITION_UNREACHABLE", ErrorReasons.NameOf(e.Reason));
        Assert.Equal(failed.Name, e.Metadata["name"]);
        Assert.Equal("EXPORT_FAILED", e.Metadata["sourceState"]);
        Assert.Equal("STATE_FAILED", e.Metadata["state"]);
        Assert.Contains("STATE_FAILED (EXPORT_FAILED)", e.Message, StringComparison.Ordinal);
        Assert.Contains("state = RUNNING", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ForgedResumeToken_SaysItIsNotATokenThisGatewayIssued()
    {
        var kit = new WatchTestKit(_ => [WatchTestKit.Task("a")]);

        var e = await Assert.ThrowsAsync<RequestValidationException>(() => Streams(kit).RunAsync(Single(kit) with { ResumeToken = "forged" }, _ => Task.CompletedTask, CancellationToken.None));

        var violation = Assert.Single(e.Violations);
        Assert.Equal("resume_token", violation.Field);
        Assert.Contains("not a resume token this gateway issued", violation.Description, StringComparison.Ordinal);
        Assert.Contains("without it", violation.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "WatchTask")]
    [InlineData(false, "WatchTasks")]
    public async Task RunAsync_StreamOpensAndCloses_CountedUpAndDownByMethod(bool singleTask, string method)
    {
        var (telemetry, meters, services) = WatchProbes.Telemetry();
        using var disposeServices = services;
        using var disposeMeters = meters;
        var kit = new WatchTestKit(_ => [WatchTestKit.Task("same")], telemetry: telemetry);
        var streams = Streams(kit);
        var spec = Single(kit) with { SingleTask = singleTask };

        var events = await FirstBatch(kit, streams, spec, count: singleTask ? 1 : 2);

        var counted = meters.Of("taskgateway.watch.streams.active").ToList();
        Assert.Equal([1L, -1L], counted.Select(m => m.Value));
        Assert.All(counted, m => Assert.Equal(method, m.Tags["method"]));
    }

    // A source whose poll never answers (until the poller stops).
    private sealed class PendingSource : ISnapshotSource
    {
        public async Task<IReadOnlyList<CloudTask>> FetchAsync(CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return [];
        }

        public bool IsFinal(IReadOnlyList<CloudTask> tasks) => false;
    }
}
