using TaskGateway.Core.Telemetry;

namespace TaskGateway.Services;

/// <summary>The service's own counters, made once (interceptors and services are made per call).</summary>
internal sealed class GatewayCounters
{
    private readonly System.Diagnostics.Metrics.Counter<long> _notFound;
    private readonly System.Diagnostics.Metrics.Counter<long> _scanPages;

    public GatewayCounters(GatewayTelemetry telemetry)
    {
        _notFound = telemetry.Meter.CreateCounter<long>("taskgateway.upstream.not_found", "{call}",
            "Calls a source answered 404 (no such task): logged at Debug only, since callers asking for made-up ids would flood a Warning log.");
        _scanPages = telemetry.Meter.CreateCounter<long>("taskgateway.scan.pages", "{page}",
            "List pages GetTask scans read beyond their first on list-only sources, each charged to the caller's rate limit when one is set.");
    }

    /// <summary>Counts an upstream 404 of a source.</summary>
    public void NotFound(string source) => _notFound.Add(1, new KeyValuePair<string, object?>("source", source));

    /// <summary>Counts a scan page beyond the first; <paramref name="refused"/> when the caller's rate limit stopped the scan there.</summary>
    public void ScanPage(string source, bool refused) =>
        _scanPages.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("outcome", refused ? "refused" : "charged"));
}
