using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Telemetry;

namespace TaskGateway.Watch;

/// <summary>
/// Polls one resource for all its watchers: started by the first, stopped an idle timeout after the last
/// leaves, or when the resource is final, or when its error budget is spent. Every poll's result becomes a
/// snapshot offered to every subscriber; an unchanged result publishes nothing.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The stop source has no timer or wait handle; disposing it could race with Cancel, which may run the poll loop's continuation inline.")]
internal sealed class Poller
{
    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscribers = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly ISnapshotSource _source;
    private readonly PollSchedule _schedule;
    private readonly WatchOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<Poller> _stopped;
    private readonly WatchObserver _observer;
    private WatchSnapshot? _latest;
    private readonly IPollMembership _membership;
    private long _version;
    private ITimer? _idleTimer;
    private bool _ended;
    private long _polls;

    public Poller(PollerKey key, ISnapshotSource source, PollSchedule schedule, WatchOptions options, TimeProvider time, ILogger logger, Action<Poller> stopped, WatchObserver observer,
        IPollCoordination coordination)
    {
        _observer = observer;
        Key = key;
        _source = source;
        _schedule = schedule;
        _options = options;
        _time = time;
        _logger = logger;
        _stopped = stopped;

        // Last: another replica's snapshots may arrive (Receive) as soon as the key is joined.
        _membership = coordination.Join(key, Receive);
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

    /// <summary>Adds a subscriber and hands it the latest snapshot; false once the poller has ended.</summary>
    public bool TryAttach(Subscription subscription)
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

    public void Detach(Subscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
            if (_subscribers.Count == 0 && !_ended)
            {
                _idleTimer?.Dispose();
                _idleTimer = _time.CreateTimer(static state => ((Poller)state!).StopIfIdle(), this, _options.PollerIdleTimeout, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Start()
    {
        WatchLog.PollerStarted(_logger, Key.Source, Key.Resource);
        _ = Task.Run(RunAsync);
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

        WatchLog.PollerIdle(_logger, Key.Source, Key.Resource, _options.PollerIdleTimeout);
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
        WatchLog.PollerStopped(_logger, Key.Source, Key.Resource, Polls);
    }

    private void Publish(WatchSnapshot snapshot)
    {
        lock (_gate)
        {
            _latest = snapshot;
            foreach (var subscriber in _subscribers)
            {
                subscriber.Offer(snapshot);
            }
        }

        _observer.Published(Key, snapshot.Version);
    }

    private Task RunAsync()
    {
        // A poller outlives the request that started it: its polls are traces of their own, not children of it.
        Activity.Current = null;
        return PollAsync(_stop.Token);
    }

    // A snapshot the key's leading replica polled: published to this replica's watchers like one of its own.
    private void Receive(SharedSnapshot shared)
    {
        if (shared.Failed)
        {
            // The leader stopped on an error: this replica polls for itself (ShouldPoll) and reports its own.
            return;
        }

        lock (_gate)
        {
            if (_ended || (_latest is not null && _latest.SameTasks(shared.Tasks) && !shared.Final))
            {
                return;
            }
        }

        Publish(new WatchSnapshot(Interlocked.Increment(ref _version), shared.Tasks, _time.GetUtcNow(), shared.Final));
        if (shared.Final)
        {
            End();
        }
    }

    private async Task PollAsync(CancellationToken token)
    {
        var notFound = 0;
        while (!token.IsCancellationRequested)
        {
            if (!_membership.ShouldPoll)
            {
                // Another replica polls this key and shares what it sees (Receive): wait until this one should poll,
                // because it took the key over from a leader that went, or coordination is unavailable.
                try
                {
                    await _membership.WaitToPollAsync(token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            TimeSpan delay;
            // Intervals run from poll start to poll start, so a slow upstream or a long fan-out does not stretch them:
            // a resource is polled once per interval, and a change waits at most one interval to be seen.
            var started = _time.GetTimestamp();
            try
            {
                Interlocked.Increment(ref _polls);
                _observer.PollStarted(Key);
                IReadOnlyList<Contracts.V1.CloudTask> tasks;
                using (var activity = GatewayTelemetry.Activities.StartActivity("watch.poll", ActivityKind.Internal))
                {
                    activity?.SetTag("taskgateway.source", Key.Source);
                    activity?.SetTag("taskgateway.resource", Key.Resource);
                    tasks = await _source.FetchAsync(token).ConfigureAwait(false);
                }

                var changed = _latest is null || !_latest.SameTasks(tasks);
                var final = _source.IsFinal(tasks);
                if (changed || final)
                {
                    Publish(new WatchSnapshot(Interlocked.Increment(ref _version), tasks, _time.GetUtcNow(), final));
                }

                _membership.Share(tasks, changed, final);

                if (final)
                {
                    End();
                    return;
                }

                delay = _schedule.AfterSuccess(changed);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                var status = Classify(e);
                var notYetSeen = _latest is null && status.StatusCode == StatusCode.NotFound && notFound < _options.NotFoundTolerance;
                if (notYetSeen)
                {
                    notFound++;
                }
                else if (status.StatusCode != StatusCode.Unavailable || _schedule.Errors + 1 >= _options.ErrorBudget)
                {
                    // A permanent failure, or the error budget is spent: tell every watcher, never go silent.
                    WatchLog.PollerGaveUp(_logger, Key.Source, Key.Resource, status.Status.ToString());
                    Publish(new WatchSnapshot(Interlocked.Increment(ref _version), _latest?.Tasks ?? [], _time.GetUtcNow(), final: true, status));
                    _membership.ShareFailure();
                    End();
                    return;
                }

                var upstream = e as UpstreamException;
                delay = _schedule.AfterError(upstream?.HttpStatus == 429, upstream?.RetryAfter);
                WatchLog.PollFailed(_logger, Key.Source, Key.Resource, _schedule.Errors, status.Status.Detail);
            }

            var spent = _time.GetElapsedTime(started);
            delay = delay > spent ? delay - spent : TimeSpan.Zero;
            try
            {
                var wait = Task.Delay(delay, _time, token);
                _observer.Waiting(Key);
                await wait.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
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
                WatchLog.PollCrashed(_logger, e, Key.Source, Key.Resource);
                return ErrorMapper.MapUnexpected();
        }
    }
}
