using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TaskGateway.Events;
using TaskGateway.Events.Store;

namespace TaskGateway.Probes;

/// <summary>
/// The subscription store's health: Degraded, never Unhealthy, while it cannot be reached. Readiness must keep the
/// replica serving every other call (a read-only disk or a PostgreSQL outage stops only subscriptions, whose events
/// wait in the outbox), while an operator still sees which setting points at the store and that it is down.
/// </summary>
internal sealed class EventStoreHealthCheck : IHealthCheck
{
    /// <summary>How long a ping may take before the store counts as down for this probe.</summary>
    public static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);

    private readonly ISubscriptionStore _store;
    private readonly EventsOptions _options;

    public EventStoreHealthCheck(ISubscriptionStore store, IOptions<EventsOptions> options)
    {
        _store = store;
        _options = options.Value;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!_options.Enabled)
        {
            return HealthCheckResult.Healthy("Push subscriptions are turned off (TaskGateway:Events:Enabled = false).", new Dictionary<string, object> { ["state"] = "disabled" });
        }

        var store = _store;
        var data = new Dictionary<string, object> { ["setting"] = store.Setting };
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(PingTimeout);
        try
        {
            await store.PingAsync(bounded.Token).ConfigureAwait(false);
            data["state"] = "available";
            return HealthCheckResult.Healthy($"The subscription store ({store.Setting}) answers.", data);
        }
        catch (Exception e) when (e is EventStoreUnavailableException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            data["state"] = "unavailable";
            return HealthCheckResult.Degraded(
                $"The subscription store ({store.Setting}) is unavailable: subscription calls answer UNAVAILABLE and events wait until it is back; everything else is served.",
                data: data);
        }
    }
}
