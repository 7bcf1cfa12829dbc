using TaskGateway.Core.Telemetry;

namespace TaskGateway.Watch;

/// <summary>
/// The watch engine's steps, as they happen: a poll starting, a poller waiting for its next poll, a snapshot published,
/// a stream applying a snapshot or handling a heartbeat tick. The engine keeps no counters of its own: this observer
/// turns polls into the <c>taskgateway.watch.polls</c> metric, and tests on a fake clock observe the steps to know when
/// the engine reached one before they move the clock.
/// </summary>
public class WatchObserver
{
    private readonly GatewayTelemetry? _telemetry;

    /// <summary>Creates the observer; polls are counted on the gateway's meter when telemetry is given.</summary>
    public WatchObserver(GatewayTelemetry? telemetry = null) => _telemetry = telemetry;

    /// <summary>A poller is about to read its resource.</summary>
    public virtual void PollStarted(PollerKey key) => _telemetry?.WatchPoll(key.Source);

    /// <summary>A poller registered the timer of its next poll.</summary>
    public virtual void Waiting(PollerKey key)
    {
    }

    /// <summary>A poller published a snapshot (its versions count from 1).</summary>
    public virtual void Published(PollerKey key, long version)
    {
    }

    /// <summary>A stream applied a snapshot (and wrote the events it gave).</summary>
    public virtual void Applied()
    {
    }

    /// <summary>A stream handled a heartbeat tick, whether or not a heartbeat was due.</summary>
    public virtual void Ticked()
    {
    }
}
