using Grpc.Core;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Filtering;

namespace TaskGateway.Watch;

/// <summary>
/// One watcher's stream, with no transport: it holds what its watcher was told (the view of tasks and etags sent,
/// whether the opening state went out, whether anything was sent since the last heartbeat tick) and answers each
/// snapshot and each tick with a <see cref="StreamDecision"/>. A gRPC call drives it (<see cref="WatchStreams"/>); a
/// subscription with no open call can drive it the same way. Not thread-safe: its driver calls it from one loop.
/// </summary>
internal sealed class WatchStream
{
    private static readonly Google.Protobuf.Reflection.EnumDescriptor StateEnum = CloudTask.Descriptor.EnumTypes.Single(e => e.Name == "State");

    private readonly WatchSpec _spec;
    private readonly string? _resumeDigest;
    private readonly ResumeTokens _tokens;
    private readonly TimeProvider _time;
    private readonly TaskView _view = new();
    private bool _opened;
    private bool _sentSinceTick;

    /// <summary>Opens a stream; resumeDigest is the digest of the resume token the watcher came with, if any.</summary>
    public WatchStream(WatchSpec spec, string? resumeDigest, ResumeTokens tokens, TimeProvider time)
    {
        _spec = spec;
        _resumeDigest = resumeDigest;
        _tokens = tokens;
        _time = time;
    }

    /// <summary>
    /// A snapshot arrived: the events the watcher lacks, then go on; or end with OK once the until matched or a single
    /// task is done, with FAILED_PRECONDITION when it ended without matching its until, with the poller's error when it
    /// failed.
    /// </summary>
    public StreamDecision OnSnapshot(WatchSnapshot snapshot)
    {
        if (snapshot.Error is { } error)
        {
            return StreamDecision.Refuse(error);
        }

        var events = Diff(snapshot);
        _sentSinceTick |= events.Count > 0;
        if (UntilMet(snapshot))
        {
            return StreamDecision.EndOk(events);
        }

        if (_spec.SingleTask && snapshot.Final)
        {
            return _spec.Until is { } until ? StreamDecision.EndWith(events, Unreachable(until, snapshot.Tasks[0])) : StreamDecision.EndOk(events);
        }

        return StreamDecision.GoOn(events);
    }

    /// <summary>
    /// The heartbeat clock ticked: a heartbeat when nothing was sent since the previous tick. The clock keeps its own
    /// rhythm from the stream's start, so a watcher hears something at least every two intervals.
    /// </summary>
    public StreamDecision OnTick()
    {
        var due = !_sentSinceTick;
        _sentSinceTick = false;
        return StreamDecision.GoOn(due ? [new WatchEvent(WatchEventType.Heartbeat, null, _tokens.Issue(_spec, _view.Digest()), _time.GetUtcNow())] : []);
    }

    /// <summary>
    /// The status a stream ends with when it is cut short rather than ended by a snapshot: the gateway shuts down, or the
    /// stream reached its maximum duration. Both tell the watcher to reconnect with its last resume token.
    /// </summary>
    public static RpcException Interrupted(bool shuttingDown, TimeSpan maxDuration) => shuttingDown
        ? ErrorMapper.Reconnect(ErrorReason.ServerShuttingDown, "The gateway is shutting down; reconnect with the last resume_token.")
        : ErrorMapper.Reconnect(ErrorReason.StreamDurationExceeded, $"The stream reached its maximum duration of {maxDuration}; reconnect with the last resume_token.");

    private List<WatchEvent> Diff(WatchSnapshot snapshot)
    {
        // Digests and sealed tokens cost a hash and an AES-GCM seal: only pay for them when events go out.
        var beforeDigest = _spec.SingleTask ? null : _view.Digest();
        var changes = _view.Apply(snapshot.Tasks, _spec.Filter, _opened ? WatchEventType.Added : WatchEventType.Initial);
        if (!_opened)
        {
            _opened = true;
            Open(snapshot, changes);
        }

        // Only the batch's last event carries the new view's token: a caller that leaves mid-batch and resumes with an
        // earlier one gets the whole state again rather than missing the rest.
        var after = changes.Count > 0 ? _tokens.Issue(_spec, _view.Digest()) : string.Empty;
        var before = changes.Count > 1 ? _tokens.Issue(_spec, beforeDigest!) : string.Empty;
        var events = new List<WatchEvent>(changes.Count);
        for (var i = 0; i < changes.Count; i++)
        {
            var (type, task) = changes[i];
            events.Add(new WatchEvent(type, task, i == changes.Count - 1 ? after : before, snapshot.ObservedAt));
        }

        return events;
    }

    private void Open(WatchSnapshot snapshot, List<(WatchEventType Type, CloudTask Task)> changes)
    {
        // A resumed watcher already has this state, unless it is the one an until waits for: that ends the stream, and
        // the matching event is always sent first.
        if (_resumeDigest is not null && _resumeDigest == _view.Digest() && !UntilMet(snapshot))
        {
            changes.Clear();
        }

        if (!_spec.SingleTask)
        {
            // Like a Kubernetes bookmark: the initial state is complete.
            changes.Add((WatchEventType.Heartbeat, null!));
        }
    }

    private bool UntilMet(WatchSnapshot snapshot) =>
        _spec.Until is { } until && snapshot.Error is null && snapshot.Tasks.Count == 1 && until.Matches(snapshot.Tasks[0]);

    // The task will not change any more and never matched: waiting longer cannot help, and OK would claim a match.
    private static GatewayException Unreachable(TaskFilter until, CloudTask task)
    {
        var state = StateEnum.FindValueByNumber((int)task.State)?.Name ?? task.State.ToString();
        return new GatewayException(StatusCode.FailedPrecondition, ErrorReason.WatchConditionUnreachable,
            $"The task ended in state {state} ({task.SourceState}) without matching until ({until.Text}); it will not change any more.",
            new Dictionary<string, string>
            {
                ["name"] = task.Name,
                ["state"] = state,
                ["sourceState"] = task.SourceState,
                ["until"] = until.Text,
            });
    }
}
