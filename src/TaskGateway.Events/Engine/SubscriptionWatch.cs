using Microsoft.Extensions.Logging;
using TaskGateway.Core.Errors;
using TaskGateway.Events.Store;
using TaskGateway.Watch;

namespace TaskGateway.Events.Engine;

/// <summary>
/// One subscription's watch: a watcher of the shared hub whose caller is the outbox. It subscribes to its target's
/// poller, hands each snapshot to its handler, and ends once the handler has the subscription's final event in the
/// outbox. A failed poller (source down, budget spent) is logged and subscribed to again after a growing pause.
/// </summary>
internal sealed class SubscriptionWatch : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly WatchHub _hub;
    private readonly Func<WatchSpec> _target;
    private readonly Func<WatchSpec, ITargetHandler> _handler;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Backoff _backoff = new();
    private Task _run = Task.CompletedTask;

    public SubscriptionWatch(SubscriptionRecord subscription, long generation, WatchHub hub, Func<WatchSpec> target, Func<WatchSpec, ITargetHandler> handler, TimeProvider time, ILogger logger)
    {
        Subscription = subscription;
        Generation = generation;
        _hub = hub;
        _target = target;
        _handler = handler;
        _time = time;
        _logger = logger;
    }

    public SubscriptionRecord Subscription { get; }

    /// <summary>When it was started, in the watcher's count: a refresh that began before it must not stop it.</summary>
    public long Generation { get; }

    /// <summary>Completes when the watch ended: done, or stopped.</summary>
    public Task Completion => _run;

    /// <summary>Starts watching; <paramref name="ended"/> runs once the subscription is done (not when stopped).</summary>
    public void Start(Action<SubscriptionWatch> ended)
    {
        var token = _stop.Token;
        _run = Task.Run(async () =>
        {
            if (await RunAsync(token).ConfigureAwait(false))
            {
                ended(this);
            }
        }, CancellationToken.None);
    }

    public void Stop() => _stop.Cancel();

    public void Dispose() => _stop.Dispose();

    // True when the subscription is done, false when stopped.
    private async Task<bool> RunAsync(CancellationToken token)
    {
        ITargetHandler? handler = null;
        while (!token.IsCancellationRequested)
        {
            string reason;
            Exception? crash = null;
            try
            {
                var target = _target();
                handler ??= _handler(target);
                var failure = await WatchAsync(target, handler, token).ConfigureAwait(false);
                if (failure is null)
                {
                    return true;
                }

                reason = failure;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception e) when (e is GatewayException or RequestValidationException)
            {
                // The target no longer resolves (its source left the configuration): it may come back with a restart.
                reason = e.Message;
            }
            catch (Exception e)
            {
                reason = e.Message;
                crash = e;
            }

            if (!await PauseAsync(reason, crash, token).ConfigureAwait(false))
            {
                return false;
            }
        }

        return false;
    }

    // Logs why the watch stopped and waits before the next try; false when stopped meanwhile.
    private async Task<bool> PauseAsync(string reason, Exception? crash, CancellationToken token)
    {
        var delay = _backoff.Next();
        if (crash is not null)
        {
            EngineLog.WatchCrashed(_logger, crash, Subscription.Id, delay);
        }
        else
        {
            EngineLog.WatchFailed(_logger, Subscription.Id, Subscription.Target, delay, reason);
        }

        try
        {
            await Task.Delay(delay, _time, token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    // Follows one poller until the handler is done (null) or the poller failed (why: pause, subscribe again).
    private async Task<string?> WatchAsync(WatchSpec target, ITargetHandler handler, CancellationToken token)
    {
        EngineLog.Watching(_logger, Subscription.Id, Subscription.Target);
        using var inbox = _hub.Subscribe(target.Key, target.Source, target.MinPollInterval, target.MaxPollInterval);
        while (await inbox.Snapshots.WaitToReadAsync(token).ConfigureAwait(false))
        {
            if (!inbox.Snapshots.TryRead(out var snapshot))
            {
                continue;
            }

            if (snapshot.Error is { } error)
            {
                return await handler.OnFailureAsync(snapshot, token).ConfigureAwait(false) ? null : error.Status.Detail;
            }

            _backoff.Reset();
            if (await handler.OnSnapshotAsync(snapshot, token).ConfigureAwait(false))
            {
                return null;
            }
        }

        return "the poller ended";
    }
}
