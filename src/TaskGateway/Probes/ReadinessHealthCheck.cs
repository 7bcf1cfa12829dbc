using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TaskGateway.Probes;

/// <summary>
/// Ready once the host has started and until it starts stopping, so a load balancer sends calls only to a
/// replica that can take them and drains it on shutdown. A failing source does not make a replica unready:
/// every replica shares the same sources, and removing them all would turn one bad backend into an outage.
/// </summary>
internal sealed class ReadinessHealthCheck : IHealthCheck
{
    private readonly IHostApplicationLifetime _lifetime;

    public ReadinessHealthCheck(IHostApplicationLifetime lifetime) => _lifetime = lifetime;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            _lifetime.ApplicationStopping.IsCancellationRequested ? HealthCheckResult.Unhealthy("The gateway is shutting down.")
            : _lifetime.ApplicationStarted.IsCancellationRequested ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The gateway is starting."));
}
