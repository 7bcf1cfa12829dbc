using System.Diagnostics.Metrics;
using TaskGateway.Core.Telemetry;
using TaskGateway.Events.Store;

namespace TaskGateway.Events.Engine;

/// <summary>
/// The engine's instruments on the gateway's meter: deliveries by outcome and event type, attempts per delivered
/// event, events enqueued by type, and the outbox's depth and oldest pending age. The gauges read the figures the
/// dispatcher last fetched (<see cref="Observe"/>): a scrape never waits on the store.
/// </summary>
internal sealed class EngineTelemetry
{
    /// <summary>An attempt's outcome as counted: delivered, retrying (another attempt is scheduled), failed (retries exhausted: disabled), gone (410: disabled).</summary>
    public const string Delivered = "delivered";

    /// <inheritdoc cref="Delivered"/>
    public const string Retrying = "retrying";

    /// <inheritdoc cref="Delivered"/>
    public const string Failed = "failed";

    /// <inheritdoc cref="Delivered"/>
    public const string Gone = "gone";

    private readonly Counter<long> _deliveries;
    private readonly Histogram<int> _attempts;
    private readonly Counter<long> _enqueued;

    // The last figures read from the store (Interlocked: the dispatcher writes, a scrape's thread reads).
    private long _pending;
    private long _oldestAgeTicks;

    public EngineTelemetry(GatewayTelemetry telemetry)
    {
        var meter = telemetry.Meter;
        _deliveries = meter.CreateCounter<long>("taskgateway.events.deliveries", "{attempt}",
            "Webhook delivery attempts by outcome (delivered, retrying, failed, gone) and event type.");
        _attempts = meter.CreateHistogram<int>("taskgateway.events.delivery.attempts", "{attempt}",
            "Attempts it took to deliver an event, counted when it is delivered.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 3, 4, 5, 6, 7, 8] });
        _enqueued = meter.CreateCounter<long>("taskgateway.events.enqueued", "{event}", "Events added to the outbox by this replica, by type.");
        meter.CreateObservableGauge("taskgateway.events.outbox.depth", () => Interlocked.Read(ref _pending), "{event}",
            "Events waiting in the outbox (all replicas), as last read by this replica's dispatcher.");
        meter.CreateObservableGauge("taskgateway.events.outbox.oldest_age", () => TimeSpan.FromTicks(Interlocked.Read(ref _oldestAgeTicks)).TotalSeconds, "s",
            "How long the oldest pending event has waited, as last read by this replica's dispatcher.");
    }

    /// <summary>Counts one attempt's outcome.</summary>
    public void Attempt(string outcome, string type) => _deliveries.Add(1, new("outcome", outcome), new("type", type));

    /// <summary>An event was delivered after this many attempts.</summary>
    public void DeliveredAfter(int attempts, string type) => _attempts.Record(attempts, new KeyValuePair<string, object?>("type", type));

    /// <summary>This replica added an event to the outbox.</summary>
    public void Enqueued(string type) => _enqueued.Add(1, new KeyValuePair<string, object?>("type", type));

    /// <summary>The outbox's figures, for the gauges.</summary>
    public void Observe(OutboxStats stats)
    {
        Interlocked.Exchange(ref _pending, stats.Pending);
        Interlocked.Exchange(ref _oldestAgeTicks, stats.OldestPendingAge.Ticks);
    }
}
