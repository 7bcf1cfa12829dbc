namespace TaskGateway.Watch;

/// <summary>
/// The pollers, one per watched resource and credential. Subscribing to a resource already polled joins its
/// poller; subscribing after it ended starts a new one.
/// </summary>
/// <remarks>Lock discipline: _gate guards _pollers; a poller's own state is under the poller's lock, taken inside this one, never the other way round.</remarks>
public sealed class WatchHub
{
    private readonly Lock _gate = new();

    // Under _gate.
    private readonly Dictionary<PollerKey, Poller> _pollers = [];
    private readonly WatchEngineServices _services;

    internal WatchHub(WatchEngineServices services)
    {
        _services = services;
        services.Telemetry.Meter.CreateObservableGauge("taskgateway.watch.pollers.active", () => ActivePollers, "{poller}", "Running pollers, one per watched resource and credential.");
        services.Telemetry.Meter.CreateObservableGauge("taskgateway.watch.subscribers", () => Subscribers, "{watcher}", "Watchers attached to running pollers.");
    }

    /// <summary>Watchers attached to all running pollers.</summary>
    public long Subscribers
    {
        get
        {
            lock (_gate)
            {
                return _pollers.Values.Sum(p => p.Subscribers);
            }
        }
    }

    /// <summary>How many pollers are running.</summary>
    public int ActivePollers
    {
        get
        {
            lock (_gate)
            {
                return _pollers.Count;
            }
        }
    }

    /// <summary>Watchers of the running poller of a key.</summary>
    public int SubscribersOf(PollerKey key)
    {
        lock (_gate)
        {
            return _pollers.TryGetValue(key, out var poller) ? poller.Subscribers : 0;
        }
    }

    /// <summary>Joins (or starts) the poller of a key.</summary>
    internal WatcherInbox Subscribe(PollerKey key, Func<ISnapshotSource> source, TimeSpan minInterval, TimeSpan maxInterval)
    {
        var subscription = new WatcherInbox();
        lock (_gate)
        {
            if (_pollers.TryGetValue(key, out var running) && running.TryAttach(subscription))
            {
                _services.Telemetry.WatchSubscription(key.Source, shared: true);
                return subscription;
            }

            _services.Telemetry.WatchSubscription(key.Source, shared: false);

            var schedule = new PollSchedule(minInterval, maxInterval, _services.Options.ThrottleDelay, Random.Shared.NextDouble);
            var poller = new Poller(key, source(), schedule, _services, Remove);
            _pollers[key] = poller;
            poller.TryAttach(subscription);
            poller.Start();
        }

        return subscription;
    }

    private void Remove(Poller poller)
    {
        lock (_gate)
        {
            if (_pollers.TryGetValue(poller.Key, out var current) && ReferenceEquals(current, poller))
            {
                _pollers.Remove(poller.Key);
            }
        }
    }
}
