using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskGateway.Core.Telemetry;

namespace TaskGateway.Watch;

/// <summary>
/// The pollers, one per watched resource and credential. Subscribing to a resource already polled joins its
/// poller; subscribing after it ended starts a new one.
/// </summary>
public sealed class WatchHub
{
    private readonly Lock _gate = new();
    private readonly Dictionary<PollerKey, Poller> _pollers = [];
    private readonly WatchOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WatchHub> _logger;
    private readonly GatewayTelemetry? _telemetry;
    private readonly WatchObserver _observer;
    private readonly IPollCoordination _coordination;

    public WatchHub(IOptions<WatchOptions> options, TimeProvider time, ILogger<WatchHub> logger, GatewayTelemetry? telemetry = null, WatchObserver? observer = null,
        IPollCoordination? coordination = null)
    {
        _coordination = coordination ?? LocalPollCoordination.Instance;
        _observer = observer ?? new WatchObserver(telemetry);
        _options = options.Value;
        _time = time;
        _logger = logger;
        _telemetry = telemetry;
        telemetry?.Meter.CreateObservableGauge("taskgateway.watch.pollers.active", () => ActivePollers, "{poller}", "Running pollers, one per watched resource and credential.");
        telemetry?.Meter.CreateObservableGauge("taskgateway.watch.subscribers", () => Subscribers, "{watcher}", "Watchers attached to running pollers.");
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
    internal Subscription Subscribe(PollerKey key, Func<ISnapshotSource> source, TimeSpan minInterval, TimeSpan maxInterval)
    {
        var subscription = new Subscription();
        lock (_gate)
        {
            if (_pollers.TryGetValue(key, out var running) && running.TryAttach(subscription))
            {
                _telemetry?.WatchSubscription(key.Source, shared: true);
                return subscription;
            }

            _telemetry?.WatchSubscription(key.Source, shared: false);

            var schedule = new PollSchedule(minInterval, maxInterval, _options.ThrottleDelay, Random.Shared.NextDouble);
            var poller = new Poller(key, source(), schedule, _options, _time, _logger, Remove, _observer, _coordination);
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
