using System.Security.Cryptography;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Filtering;
using TaskGateway.Core.Paging;
using TaskGateway.Watch;
using static TaskGateway.Contracts.V1.CloudTask.Types;
using StatusCode = Grpc.Core.StatusCode;

namespace TaskGateway.Tests.Watch;

/// <summary>
/// The per-call stream object on its own, with no call and no poller: its decision for each snapshot and each tick.
/// </summary>
public class WatchStreamTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 5, 0, 0, TimeSpan.Zero));
    private readonly ResumeTokens _tokens = new(new PageTokenCodec(RandomNumberGenerator.GetBytes(32)));
    private readonly WatchTestKit _kit = new(_ => []);
    private long _version;

    private WatchSpec SingleSpec => new(_kit.Key, () => _kit.Source, WatchTestKit.Interval, WatchTestKit.Interval, TaskFilter.All, SingleTask: true, string.Empty);

    private WatchSpec CollectionSpec => SingleSpec with { SingleTask = false };

    private static CloudTask C(string id, string etag, State state = State.Running) =>
        new() { Name = $"sources/src/accounts/a/tasks/{id}", Etag = etag, State = state, Done = state is State.Succeeded or State.Failed };

    private WatchSnapshot Snapshot(bool final, params CloudTask[] tasks) => new(++_version, tasks, _time.GetUtcNow(), final);

    private WatchStream Stream(WatchSpec spec, string? resumeDigest = null) => new(spec, resumeDigest, _tokens, _time);

    private string? DigestOf(WatchSpec spec, string token) => _tokens.Read(spec with { ResumeToken = token });

    [Fact]
    public void OnSnapshot_FirstCollectionSnapshot_InitialEventsAndABookmarkThenGoesOn()
    {
        var spec = CollectionSpec;
        var stream = Stream(spec);

        var decision = stream.OnSnapshot(Snapshot(false, C("a", "1"), C("b", "1")));

        Assert.False(decision.Ends);
        Assert.True(decision.Applied);
        Assert.Equal([WatchEventType.Initial, WatchEventType.Initial, WatchEventType.Heartbeat], decision.Events.Select(e => e.Type));
        // Only the last event carries the new view's token; the earlier ones carry the view before the batch (empty).
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb924", DigestOf(spec, decision.Events[0].ResumeToken));
        Assert.NotEqual(DigestOf(spec, decision.Events[0].ResumeToken), DigestOf(spec, decision.Events[2].ResumeToken));
    }

    [Fact]
    public void OnSnapshot_SameTasksAgain_NoEventsAndGoesOn()
    {
        var stream = Stream(CollectionSpec);
        stream.OnSnapshot(Snapshot(false, C("a", "1")));

        var decision = stream.OnSnapshot(Snapshot(false, C("a", "1")));

        Assert.Empty(decision.Events);
        Assert.False(decision.Ends);
    }

    [Fact]
    public void OnSnapshot_TaskChangedAndAnotherGone_ModifiedAndRemoved()
    {
        var stream = Stream(CollectionSpec);
        stream.OnSnapshot(Snapshot(false, C("a", "1"), C("b", "1")));

        var decision = stream.OnSnapshot(Snapshot(false, C("a", "2")));

        Assert.Equal([WatchEventType.Modified, WatchEventType.Removed], decision.Events.Select(e => e.Type));
        Assert.False(decision.Ends);
    }

    [Fact]
    public void OnSnapshot_SingleTaskDoneWithoutUntil_SendsItAndEndsOk()
    {
        var stream = Stream(SingleSpec);

        var decision = stream.OnSnapshot(Snapshot(true, C("t", "1", State.Succeeded)));

        Assert.Equal(WatchEventType.Initial, Assert.Single(decision.Events).Type);
        Assert.True(decision.Ends);
        Assert.Null(decision.Error);
    }

    [Fact]
    public void OnSnapshot_UntilMatchedBeforeDone_SendsTheMatchAndEndsOk()
    {
        var stream = Stream(SingleSpec with { Until = TaskFilter.Parse("state = RUNNING") });

        var decision = stream.OnSnapshot(Snapshot(false, C("t", "1")));

        Assert.Equal("1", Assert.Single(decision.Events).Task!.Etag);
        Assert.True(decision.Ends);
        Assert.Null(decision.Error);
    }

    [Fact]
    public void OnSnapshot_DoneWithoutMatchingUntil_SendsItAndEndsWithFailedPrecondition()
    {
        var stream = Stream(SingleSpec with { Until = TaskFilter.Parse("state = RUNNING") });
        stream.OnSnapshot(Snapshot(false, C("t", "1", State.Pending)));

        var decision = stream.OnSnapshot(Snapshot(true, C("t", "2", State.Failed)));

        Assert.Equal(WatchEventType.Modified, Assert.Single(decision.Events).Type);
        Assert.True(decision.Ends);
        var error = Assert.IsType<GatewayException>(decision.Error);
        Assert.Equal(StatusCode.FailedPrecondition, error.Code);
        Assert.Equal("WATCH_CONDITION_UNREACHABLE", ErrorReasons.NameOf(error.Reason));
    }

    [Fact]
    public void OnSnapshot_PollerFailed_EndsWithItsErrorAndAppliesNothing()
    {
        var stream = Stream(CollectionSpec);
        var failure = new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "gone"));

        var decision = stream.OnSnapshot(new WatchSnapshot(1, [C("a", "1")], _time.GetUtcNow(), final: true, failure));

        Assert.Empty(decision.Events);
        Assert.True(decision.Ends);
        Assert.Same(failure, decision.Error);
        Assert.False(decision.Applied);
    }

    [Fact]
    public void OnSnapshot_ResumedWithTheStateItHolds_SendsNothing()
    {
        var spec = SingleSpec;
        var first = Stream(spec);
        var token = first.OnSnapshot(Snapshot(false, C("t", "1"))).Events.Single().ResumeToken;

        var resumed = Stream(spec, DigestOf(spec, token));
        var decision = resumed.OnSnapshot(Snapshot(false, C("t", "1")));

        Assert.Empty(decision.Events);
        Assert.False(decision.Ends);
    }

    [Fact]
    public void OnTick_NothingSentSinceTheLastTick_HeartbeatAtTheClocksTime()
    {
        var stream = Stream(SingleSpec);
        _time.Advance(TimeSpan.FromSeconds(15));

        var decision = stream.OnTick();

        var heartbeat = Assert.Single(decision.Events);
        Assert.Equal(WatchEventType.Heartbeat, heartbeat.Type);
        Assert.Null(heartbeat.Task);
        Assert.Equal(_time.GetUtcNow(), heartbeat.Time);
        Assert.False(decision.Ends);
    }

    [Fact]
    public void OnTick_EventSentSinceTheLastTick_NoHeartbeatThenOneAtTheNextTick()
    {
        var stream = Stream(SingleSpec);
        stream.OnSnapshot(Snapshot(false, C("t", "1")));

        Assert.Empty(stream.OnTick().Events);
        Assert.Single(stream.OnTick().Events);
    }

    [Fact]
    public void OnTick_SnapshotGaveNoEvents_HeartbeatStillDue()
    {
        var stream = Stream(SingleSpec);
        stream.OnSnapshot(Snapshot(false, C("t", "1")));
        stream.OnTick();
        stream.OnSnapshot(Snapshot(false, C("t", "1")));

        Assert.Single(stream.OnTick().Events);
    }

    [Theory]
    [InlineData(true, "SERVER_SHUTTING_DOWN")]
    [InlineData(false, "STREAM_DURATION_EXCEEDED")]
    public void Interrupted_ShutdownOrMaximumDuration_UnavailableWithItsReason(bool shuttingDown, string reason)
    {
        var e = WatchStream.Interrupted(shuttingDown, TimeSpan.FromMinutes(30));

        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Equal(reason, e.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
    }
}
