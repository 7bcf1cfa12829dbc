using System.Diagnostics;
using System.Diagnostics.Metrics;
using TaskGateway.Core.Resilience;

namespace TaskGateway.Core.Telemetry;

/// <summary>
/// The gateway's own meter and activity source, "TaskGateway". Instruments are named after the OpenTelemetry
/// conventions (dots, unit in the instrument), so a Prometheus scrape shows them as taskgateway_upstream_duration_seconds
/// and so on.
/// </summary>
public sealed class GatewayTelemetry
{
    /// <summary>The meter and activity source name to subscribe to.</summary>
    public const string Name = "TaskGateway";

    /// <summary>Spans the gateway starts itself (watch polls, which no request is the parent of).</summary>
    public static readonly ActivitySource Activities = new(Name);

    private readonly Histogram<double> _upstreamDuration;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _watchPolls;
    private readonly UpDownCounter<long> _watchStreams;
    private readonly Counter<long> _watchSubscriptions;

    /// <summary>Creates the instruments on a meter from the host's factory.</summary>
    public GatewayTelemetry(IMeterFactory meters, SourceCircuits circuits)
    {
        var meter = meters.Create(Name);
        _upstreamDuration = meter.CreateHistogram<double>("taskgateway.upstream.duration", "s",
            "Upstream calls by source, source kind, purpose and outcome (HTTP status, or timeout, transport, circuit_open, concurrency_limit), retries included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _retries = meter.CreateCounter<long>("taskgateway.upstream.retries", "{retry}", "Retries sent to a source by its resilience pipeline.");
        meter.CreateObservableGauge("taskgateway.source.circuit_state", () => circuits.All.Select(c =>
            new Measurement<int>((int)c.State, new("source", c.Source), new("purpose", Purpose(c.Purpose)))),
            "{state}", "Each source pipeline's circuit: 0 closed, 1 half-open, 2 open.");
        _watchPolls = meter.CreateCounter<long>("taskgateway.watch.polls", "{poll}", "Polls made by watch pollers, one per watched resource and interval whatever the number of watchers.");
        _watchStreams = meter.CreateUpDownCounter<long>("taskgateway.watch.streams.active", "{stream}", "Open WatchTask and WatchTasks streams.");
        _watchSubscriptions = meter.CreateCounter<long>("taskgateway.watch.subscriptions", "{subscription}",
            "Watchers that joined a poller: shared=true when one already polled the resource (single-flight), false when a poller was started.");
        Meter = meter;
    }

    /// <summary>The meter, for instruments whose values live elsewhere (the watch engine's pollers).</summary>
    public Meter Meter { get; }

    /// <summary>Records one upstream call.</summary>
    public void UpstreamCall(string source, string kind, UpstreamPurpose purpose, string outcome, TimeSpan duration) =>
        _upstreamDuration.Record(duration.TotalSeconds, new("source", source), new("kind", kind), new("purpose", Purpose(purpose)), new("status", outcome));

    /// <summary>Records one retry.</summary>
    public void Retry(string source, UpstreamPurpose purpose) => _retries.Add(1, new("source", source), new("purpose", Purpose(purpose)));

    /// <summary>Counts one watch poll of a source.</summary>
    public void WatchPoll(string source) => _watchPolls.Add(1, new KeyValuePair<string, object?>("source", source));

    /// <summary>Counts a watch stream opening (+1) or closing (-1).</summary>
    public void WatchStream(string method, int delta) => _watchStreams.Add(delta, new KeyValuePair<string, object?>("method", method));

    /// <summary>A watcher joined a poller.</summary>
    public void WatchSubscription(string source, bool shared) =>
        _watchSubscriptions.Add(1, new("source", source), new("shared", shared ? "true" : "false"));

    private static string Purpose(UpstreamPurpose purpose) => purpose == UpstreamPurpose.Watch ? "watch" : "request";
}
