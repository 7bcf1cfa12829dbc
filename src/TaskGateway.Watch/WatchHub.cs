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

    public WatchHub(IOptions<WatchOptions> options, TimeProvider time, ILogger<WatchHub> logger, GatewayTelemetry? telemetry = null)
    {
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

    /// <summary>Polls made by the running poller of a key; 0 when none runs.</summary>
    public long PollsOf(PollerKey key) => Of(key, p => p.Polls);

    /// <summary>How many times the running poller of a key has started waiting for its next poll; lets tests on a fake clock advance it only once its timer exists.</summary>
    public long WaitsOf(PollerKey key) => Of(key, p => p.Waits);

    /// <summary>The latest snapshot version of the running poller of a key; 0 when none runs.</summary>
    public long VersionOf(PollerKey key) => Of(key, p => p.Version);

    /// <summary>Watchers of the running poller of a key.</summary>
    public int SubscribersOf(PollerKey key) => (int)Of(key, p => p.Subscribers);

    /// <summary>Joins (or starts) the poller of a key.</summary>
    public Subscription Subscribe(PollerKey key, Func<ISnapshotSource> source, TimeSpan minInterval, TimeSpan maxInterval)
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
            var poller = new Poller(key, source(), schedule, _options, _time, _logger, Remove);
            _pollers[key] = poller;
            poller.TryAttach(subscription);
            poller.Start();
        }

        return subscription;
    }

    private long Of(PollerKey key, Func<Poller, long> read)
    {
        lock (_gate)
        {
            return _pollers.TryGetValue(key, out var poller) ? read(poller) : 0;
        }
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
