using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TaskGateway.Core.Telemetry;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Paging;
using TaskGateway.Core.Filtering;

namespace TaskGateway.Watch;

/// <summary>
/// Runs one watch stream: the single writer loop of its subscriber. It opens with the current state (unless
/// the resume token still matches), then writes an event per change, a heartbeat when nothing was written for
/// the heartbeat interval, and ends: with OK after a single task's done state, or once it matches its until;
/// with FAILED_PRECONDITION when a task ends without matching its until; at once when the caller leaves;
/// with UNAVAILABLE at the maximum stream duration, at shutdown, or when the poller gave up.
/// </summary>
public sealed class WatchStreams
{
    private readonly WatchHub _hub;
    private readonly PageTokenCodec _tokens;
    private readonly TimeProvider _time;
    private readonly WatchOptions _options;
    private readonly CancellationToken _shutdown;
    private readonly GatewayTelemetry? _telemetry;
    private readonly WatchObserver _observer;

    public WatchStreams(WatchHub hub, PageTokenCodec tokens, TimeProvider time, IOptions<WatchOptions> options, CancellationToken shutdown, GatewayTelemetry? telemetry = null, WatchObserver? observer = null)
    {
        _observer = observer ?? new WatchObserver(telemetry);
        _telemetry = telemetry;
        _hub = hub;
        _tokens = tokens;
        _time = time;
        _options = options.Value;
        _shutdown = shutdown;
    }

    /// <summary>The options in force.</summary>
    public WatchOptions Options => _options;

    /// <summary>The resume token's digest, or a validation error for a token this gateway did not issue for the scope.</summary>
    public string? ReadResumeToken(WatchSpec spec)
    {
        if (spec.ResumeToken.Length == 0)
        {
            return null;
        }

        return _tokens.Decode(spec.ResumeToken, Scope(spec), out var cursor) switch
        {
            PageTokenOutcome.Opened => cursor.Marker,
            PageTokenOutcome.Expired => throw new RequestValidationException("resume_token", "has expired; watch again without it"),
            _ => throw new RequestValidationException("resume_token", "is not a resume token this gateway issued for this resource and filter; watch again without it"),
        };
    }

    /// <summary>Runs the stream until it ends; write sends one event.</summary>
    public async Task RunAsync(WatchSpec spec, Func<WatchEvent, Task> write, CancellationToken callCancelled)
    {
        var resumeDigest = ReadResumeToken(spec);
        var method = spec.SingleTask ? "WatchTask" : "WatchTasks";
        _telemetry?.WatchStream(method, +1);
        using var counted = new Released(() => _telemetry?.WatchStream(method, -1));
        using var subscription = _hub.Subscribe(spec.Key, spec.Source, spec.MinPollInterval, spec.MaxPollInterval);
        using var limit = new CancellationTokenSource(_options.MaxStreamDuration, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(callCancelled, _shutdown, limit.Token);
        var token = linked.Token;
        var view = new TaskView();
        var opened = false;
        var reader = subscription.Snapshots;

        // The heartbeat clock starts with the stream and keeps its rhythm; a tick sends a heartbeat only when
        // nothing was written since the previous tick. A tick that comes while an event is being written is
        // kept by the timer, never lost.
        using var ticks = new PeriodicTimer(_options.HeartbeatInterval, _time);
        var wroteSinceTick = false;
        Task<bool>? waiting = null;
        Task<bool>? tick = null;
        try
        {
            while (true)
            {
                waiting ??= reader.WaitToReadAsync(token).AsTask();
                tick ??= ticks.WaitForNextTickAsync(token).AsTask();
                var first = await Task.WhenAny(waiting, tick).ConfigureAwait(false);
                if (first == tick)
                {
                    tick = null;
                    await first.ConfigureAwait(false);
                    if (!wroteSinceTick)
                    {
                        await write(new WatchEvent(WatchEventType.Heartbeat, null, Token(spec, view), _time.GetUtcNow())).ConfigureAwait(false);
                    }

                    wroteSinceTick = false;
                    _observer.Ticked();
                    continue;
                }

                await waiting.ConfigureAwait(false);
                waiting = null;
                if (!reader.TryRead(out var snapshot))
                {
                    continue;
                }

                if (snapshot.Error is { } error)
                {
                    throw error;
                }

                // Digests and sealed tokens cost a hash and an AES-GCM seal: only pay for them when events go out.
                var beforeDigest = spec.SingleTask ? null : view.Digest();
                var events = view.Apply(snapshot.Tasks, spec.Filter, opened ? WatchEventType.Added : WatchEventType.Initial);
                if (!opened)
                {
                    opened = true;
                    // A resumed watcher already has this state, unless it is the one an until waits for: that ends
                    // the stream, and the matching event is always sent first.
                    if (resumeDigest is not null && resumeDigest == view.Digest() && !UntilMet(spec, snapshot))
                    {
                        events.Clear();
                    }

                    if (!spec.SingleTask)
                    {
                        // Like a Kubernetes bookmark: the initial state is complete.
                        events.Add((WatchEventType.Heartbeat, null!));
                    }
                }

                // Only the batch's last event carries the new view's token: a caller that leaves mid-batch and
                // resumes with an earlier one gets the whole state again rather than missing the rest.
                var after = events.Count > 0 ? Token(spec, view) : string.Empty;
                var before = events.Count > 1 ? Token(spec, beforeDigest!) : string.Empty;
                for (var i = 0; i < events.Count; i++)
                {
                    var (type, task) = events[i];
                    await write(new WatchEvent(type, task, i == events.Count - 1 ? after : before, snapshot.ObservedAt)).ConfigureAwait(false);
                    wroteSinceTick = true;
                }

                _observer.Applied();
                if (UntilMet(spec, snapshot))
                {
                    return;
                }

                if (spec.SingleTask && snapshot.Final)
                {
                    if (spec.Until is { } until)
                    {
                        throw Unreachable(until, snapshot.Tasks[0]);
                    }

                    return;
                }
            }
        }
        catch (OperationCanceledException) when (!callCancelled.IsCancellationRequested)
        {
            throw _shutdown.IsCancellationRequested
                ? ErrorMapper.Reconnect(ErrorReason.ServerShuttingDown, "The gateway is shutting down; reconnect with the last resume_token.")
                : ErrorMapper.Reconnect(ErrorReason.StreamDurationExceeded, $"The stream reached its maximum duration of {_options.MaxStreamDuration}; reconnect with the last resume_token.");
        }
    }

    private static bool UntilMet(WatchSpec spec, WatchSnapshot snapshot) =>
        spec.Until is { } until && snapshot.Error is null && snapshot.Tasks.Count == 1 && until.Matches(snapshot.Tasks[0]);

    // The task will not change any more and never matched: waiting longer cannot help, and OK would claim a match.
    private static GatewayException Unreachable(TaskFilter until, CloudTask task)
    {
        var state = CloudTask.Descriptor.EnumTypes.Single(e => e.Name == "State").FindValueByNumber((int)task.State)?.Name ?? task.State.ToString();
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

    private string Token(WatchSpec spec, TaskView view) => Token(spec, view.Digest());

    private string Token(WatchSpec spec, string digest) => _tokens.Encode(Scope(spec), new PageCursor(0, digest));

    private static string Scope(WatchSpec spec) => $"watch\n{spec.Key.Source}\n{spec.Key.Resource}\n{spec.Filter.Text}";
}
