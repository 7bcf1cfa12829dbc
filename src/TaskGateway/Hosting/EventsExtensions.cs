using TaskGateway.Events;
using TaskGateway.Events.Engine;
using TaskGateway.Events.Store;
using TaskGateway.Events.Webhooks;
using TaskGateway.Services;

namespace TaskGateway.Hosting;

/// <summary>
/// Push subscriptions: TaskGateway:Events checked at start with every other section, then the store, the webhook
/// sender and sink validator, the engine, and the subscription methods' own pieces. Nothing here opens the store:
/// a store that cannot be opened never stops the gateway (the subscription methods answer UNAVAILABLE, readiness
/// says why).
/// </summary>
internal static class EventsExtensions
{
    public static WebApplicationBuilder AddTaskGatewayEvents(this WebApplicationBuilder builder)
    {
        builder.Services.AddGatewayOptions<EventsOptions, EventsOptionsValidator>(builder.Configuration, EventsOptions.SectionName);
        builder.Services.AddEventStore();
        builder.Services.AddEventWebhooks();
        builder.Services.AddEventEngine();
        builder.Services.AddSingleton<ISubscriptionOwners, Security.CallerSubscriptionOwners>();
        builder.Services.AddSingleton<SubscriptionRequests>();
        builder.Services.AddSingleton<SubscriptionRpcs>();
        return builder;
    }
}
