using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TaskGateway.Events.Engine;

/// <summary>Registers the engine: the watcher of every active subscription and the outbox dispatcher.</summary>
internal static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="SubscriptionChanges"/> and the engine's hosted services. The host registers what they use:
    /// WatchHub, SourceRegistry, TimeProvider, GatewayTelemetry, IOptions of EventsOptions and WatchOptions,
    /// ISubscriptionStore (AddEventStore), IWebhookSender and RetrySchedule (AddEventWebhooks). With
    /// TaskGateway:Events:Enabled false the hosted services return at once.
    /// </summary>
    public static IServiceCollection AddEventEngine(this IServiceCollection services)
    {
        services.AddSingleton<SubscriptionChanges>();
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<EngineTelemetry>();
        services.TryAddSingleton<OwnerSuspensions>();
        services.TryAddSingleton<SubscriptionWatchFactory>();
        services.TryAddSingleton<OutboxDelivery>();
        services.AddHostedService<SubscriptionWatcher>();
        services.AddHostedService<OutboxDispatcher>();
        return services;
    }
}
