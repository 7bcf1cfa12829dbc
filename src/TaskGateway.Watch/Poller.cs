using System.Diagnostics;
using Grpc.Core;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Telemetry;

namespace TaskGateway.Watch;

/// <summary>
/// Polls one resource for all its watchers: started by the first, stopped an idle timeout after the last
/// leaves, or when the resource is final, or when its error budget is spent. Its loop takes steps: wait while another
/// replica leads the key; poll once (<see cref="PollOnceAsync"/>), which returns a <see cref="PollOutcome"/>; act on
/// it (<see cref="ActOn"/>: publish, share, stop, or say when to poll next); wait. An unchanged result publishes nothing.
/// </summary>
/// <remarks>
/// Lock discipline: _gate guards _subscribers, _latest, _version, _ended and _idleTimer, for reads and writes alike;
/// nothing is called out of the lock but a subscriber's non-blocking Offer. _polls is written by the poll loop and read
/// by the stop log line, with Interlocked. _schedule and _notFound belong to the poll loop alone (one poll at a time).
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The stop source has no timer or wait handle; disposing it could race with Cancel, which may run the poll loop's continuation inline.")]
internal sealed class Poller
{
    private readonly Lock _gate = new();

    // Set once in the constructor, thread-safe themselves (the stop source, the membership) or used by the loop only.
    private readonly CancellationTokenSource _stop = new();
    private readonly ISnapshotSource _source;
    private readonly WatchEngineServices _services;
    private readonly Action<Poller> _stopped;
    private readonly IPollMembership _membership;

    // The poll loop's alone.
    private readonly PollSchedule _schedule;

    // Under _gate.
    private readonly List<WatcherInbox> _subscribers = [];

    // Under _gate (reads too: a poll compares with it from the loop's thread, Receive from coordination's).
    private WatchSnapshot? _latest;

    // Under _gate, assigned with _latest.
    private long _version;

    // Under _gate.
    private ITimer? _idleTimer;

    // Under _gate: once set, TryAttach refuses and no snapshot is received.
    private bool _ended;

    // Interlocked: the loop counts, the stop log line reads.
    private long _polls;

    // The poll loop's alone: NotFound answers tolerated before the resource was first seen.
    private int _notFound;

    public Poller(PollerKey key, ISnapshotSource source, PollSchedule schedule, WatchEngineServices services, Action<Poller> stopped)
    {
        Key = key;
        _source = source;
        _schedule = schedule;
        _services = services;
        _stopped = stopped;

        // Last: another replica's snapshots may arrive (Receive) as soon as the key is joined.
        _membership = services.Coordination.Join(key, Receive);
    }

    public PollerKey Key { get; }

    /// <summary>Polls made so far (the stop log line says how many).</summary>
    public long Polls => Interlocked.Read(ref _polls);

    public int Subscribers
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>The latest snapshot published, if any.</summary>
    private WatchSnapshot? Latest
    {
        get
        {
            lock (_gate)
            {
                return _latest;
            }
        }
    }

    /// <summary>Adds a subscriber and hands it the latest snapshot; false once the poller has ended.</summary>
    public bool TryAttach(WatcherInbox subscription)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return false;
            }

            _subscribers.Add(subscription);
            subscription.Bind(this);
            _idleTimer?.Dispose();
            _idleTimer = null;
            if (_latest is not null)
            {
                subscription.Offer(_latest);
            }

            return true;
        }
    }

    public void Detach(WatcherInbox subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
            if (_subscribers.Count == 0 && !_ended)
            {
                _idleTimer?.Dispose();
                _idleTimer = _services.Time.CreateTimer(static state => ((Poller)state!).StopIfIdle(), this, _services.Options.PollerIdleTimeout, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Start()
    {
        WatchLog.PollerStarted(_services.Logger, Key.Source, Key.Resource);
        _ = Task.Run(RunAsync);
    }

    /// <summary>
    /// One poll: reads the resource (traced as watch.poll) and says what it came to; publishes nothing itself. Owned
    /// by the poll loop: never two at once.
    /// </summary>
    internal async Task<PollOutcome> PollOnceAsync(CancellationToken token)
    {
        Interlocked.Increment(ref _polls);
        _services.Telemetry.WatchPoll(Key.Source);
        _services.Probe.PollStarted(Key);
        try
        {
            IReadOnlyList<CloudTask> tasks;
            using (var activity = GatewayTelemetry.Activities.StartActivity("watch.poll", ActivityKind.Internal))
            {
                activity?.SetTag("taskgateway.source", Key.Source);
                activity?.SetTag("taskgateway.resource", Key.Resource);
                tasks = await _source.FetchAsync(token).ConfigureAwait(false);
            }

            var latest = Latest;
            return PollOutcome.Read(tasks, latest is null || !latest.SameTasks(tasks), _source.IsFinal(tasks));
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return PollOutcome.Stopped;
        }
        catch (Exception e)
        {
            return Failed(e);
        }
    }

    /// <summary>Carries out a poll's outcome: publishes, shares and stops as it says; the delay before the next poll, or null to stop.</summary>
    internal TimeSpan? ActOn(PollOutcome outcome)
    {
        switch (outcome.Kind)
        {
            case PollOutcomeKind.Changed or PollOutcomeKind.Unchanged or PollOutcomeKind.Final:
                try
                {
                    return Succeeded(outcome);
                }
                catch (Exception e)
                {
                    // Sharing a result can fail too (coordination): that counts as a failed poll, so no watcher is left
                    // without word.
                    return ActOn(Failed(e));
                }

            case PollOutcomeKind.NotYetSeen or PollOutcomeKind.TransientError:
                var delay = _schedule.AfterError(outcome.Throttled, outcome.RetryAfter);
                WatchLog.PollFailed(_services.Logger, Key.Source, Key.Resource, _schedule.Errors, outcome.Error!.Status.Detail);
                return delay;
            case PollOutcomeKind.GaveUp:
                // A permanent failure, or the error budget is spent: tell every watcher, never go silent.
                WatchLog.PollerGaveUp(_services.Logger, Key.Source, Key.Resource, outcome.Error!.Status.ToString());
                Publish(Latest?.Tasks ?? [], final: true, outcome.Error);
                _membership.ShareFailure();
                End();
                return null;
            default:
                return null;
        }
    }

    private TimeSpan? Succeeded(PollOutcome outcome)
    {
        var final = outcome.Kind == PollOutcomeKind.Final;
        if (outcome.Changed || final)
        {
            Publish(outcome.Tasks, final, error: null);
        }

        _membership.Share(outcome.Tasks, outcome.Changed, final);
        if (final)
        {
            End();
            return null;
        }

        return _schedule.AfterSuccess(outcome.Changed);
    }

    private PollOutcome Failed(Exception e)
    {
        var status = Classify(e);
        var upstream = e as UpstreamException;
        if (Latest is null && status.StatusCode == StatusCode.NotFound && _notFound < _services.Options.NotFoundTolerance)
        {
            _notFound++;
            return PollOutcome.Failed(PollOutcomeKind.NotYetSeen, status, upstream);
        }

        return status.StatusCode != StatusCode.Unavailable || _schedule.Errors + 1 >= _services.Options.ErrorBudget
            ? PollOutcome.Failed(PollOutcomeKind.GaveUp, status, upstream)
            : PollOutcome.Failed(PollOutcomeKind.TransientError, status, upstream);
    }

    private RpcException Classify(Exception e)
    {
        switch (e)
        {
            case UpstreamException upstream:
                return ErrorMapper.Map(upstream);
            case GatewayException gateway:
                return ErrorMapper.Map(gateway);
            default:
                WatchLog.PollCrashed(_services.Logger, e, Key.Source, Key.Resource);
                return ErrorMapper.MapUnexpected();
        }
    }

    private Task RunAsync()
    {
        // A poller outlives the request that started it: its polls are traces of their own, not children of it.
        Activity.Current = null;
        return PollLoopAsync(_stop.Token);
    }

    private async Task PollLoopAsync(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            if (!_membership.ShouldPoll)
            {
                if (!await FollowAsync(token).ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            // Intervals run from poll start to poll start, so a slow upstream or a long fan-out does not stretch them:
            // a resource is polled once per interval, and a change waits at most one interval to be seen.
            var started = _services.Time.GetTimestamp();
            var outcome = await PollOnceAsync(token).ConfigureAwait(false);
            if (ActOn(outcome) is not { } delay)
            {
                return;
            }

            var spent = _services.Time.GetElapsedTime(started);
            if (!await WaitAsync(delay > spent ? delay - spent : TimeSpan.Zero, token).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    // Another replica polls this key and shares what it sees (Receive): wait until this one should poll, because it
    // took the key over from a leader that went, or coordination is unavailable. False once the poller stopped.
    private async Task<bool> FollowAsync(CancellationToken token)
    {
        try
        {
            await _membership.WaitToPollAsync(token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    // Waits for the next poll; false once the poller stopped.
    private async Task<bool> WaitAsync(TimeSpan delay, CancellationToken token)
    {
        try
        {
            var wait = Task.Delay(delay, _services.Time, token);
            _services.Probe.Waiting(Key);
            await wait.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    // A snapshot the key's leading replica polled: published to this replica's watchers like one of its own.
    private void Receive(SharedSnapshot shared)
    {
        if (shared.Failed)
        {
            // The leader stopped on an error: this replica polls for itself (ShouldPoll) and reports its own.
            return;
        }

        WatchSnapshot published;
        lock (_gate)
        {
            // The check and the publication under one lock: a poll of this replica's own cannot slip in between.
            if (_ended || (_latest is not null && _latest.SameTasks(shared.Tasks) && !shared.Final))
            {
                return;
            }

            published = PublishLocked(shared.Tasks, shared.Final, error: null);
        }

        _services.Probe.Published(Key, published.Version);
        if (shared.Final)
        {
            End();
        }
    }

    private void Publish(IReadOnlyList<CloudTask> tasks, bool final, RpcException? error)
    {
        WatchSnapshot snapshot;
        lock (_gate)
        {
            snapshot = PublishLocked(tasks, final, error);
        }

        _services.Probe.Published(Key, snapshot.Version);
    }

    // Under _gate: the version is assigned under the lock that sets _latest, so _latest's version only grows.
    private WatchSnapshot PublishLocked(IReadOnlyList<CloudTask> tasks, bool final, RpcException? error)
    {
        var snapshot = new WatchSnapshot(++_version, tasks, _services.Time.GetUtcNow(), final, error);
        _latest = snapshot;
        foreach (var subscriber in _subscribers)
        {
            subscriber.Offer(snapshot);
        }

        return snapshot;
    }

    private void StopIfIdle()
    {
        // The check and the decision happen under one lock: once _ended is set, TryAttach refuses and the hub starts
        // a new poller, so a watcher arriving while this one stops never joins a poller that will not poll again.
        lock (_gate)
        {
            if (_subscribers.Count > 0 || _ended)
            {
                return;
            }

            MarkEnded();
        }

        WatchLog.PollerIdle(_services.Logger, Key.Source, Key.Resource, _services.Options.PollerIdleTimeout);
        Stop();
    }

    // The resource is final or the poller gave up: no more polls, whoever is attached.
    private void End()
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            MarkEnded();
        }

        Stop();
    }

    private void MarkEnded()
    {
        _ended = true;
        _idleTimer?.Dispose();
        _idleTimer = null;
    }

    private void Stop()
    {
        _stop.Cancel();
        _membership.Dispose();
        _stopped(this);
        WatchLog.PollerStopped(_services.Logger, Key.Source, Key.Resource, Polls);
    }
}
