using Microsoft.Extensions.Diagnostics.HealthChecks;
using TaskGateway.Core.Resilience;

namespace TaskGateway.Probes;

/// <summary>
/// One source's health as its circuit breakers see it: unhealthy (NOT_SERVING) while the circuit of callers'
/// requests is open, degraded while it is half-open or the watch polls' circuit is open.
/// </summary>
internal sealed class SourceHealthCheck : IHealthCheck
{
    private readonly string _source;
    private readonly SourceCircuits _circuits;

    public SourceHealthCheck(string source, SourceCircuits circuits)
    {
        _source = source;
        _circuits = circuits;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var requests = _circuits.Get(_source, UpstreamPurpose.Request);
        var polls = _circuits.Get(_source, UpstreamPurpose.Watch);
        var data = new Dictionary<string, object> { ["requests"] = requests.ToString(), ["watchPolls"] = polls.ToString() };
        return Task.FromResult(requests switch
        {
            CircuitState.Open => HealthCheckResult.Unhealthy($"Source '{_source}' failed repeatedly; its circuit is open.", data: data),
            CircuitState.HalfOpen => HealthCheckResult.Degraded($"Source '{_source}' is being tried again after failures.", data: data),
            _ when polls != CircuitState.Closed => HealthCheckResult.Degraded($"Watch polls of source '{_source}' are failing.", data: data),
            _ => HealthCheckResult.Healthy(data: data),
        });
    }
}
