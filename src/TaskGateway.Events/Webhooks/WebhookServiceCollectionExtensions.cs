using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace TaskGateway.Events.Webhooks;

/// <summary>Registers the webhook sender and the sink validator.</summary>
internal static class WebhookServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ISinkValidator"/>, <see cref="RetrySchedule"/> and what they need, from
    /// IOptions&lt;EventsOptions&gt; and TimeProvider. The resolver is added only if none is (tests register their own).
    /// </summary>
    public static IServiceCollection AddEventWebhooks(this IServiceCollection services)
    {
        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.AddSingleton(provider => SinkAddressPolicy.From(provider.GetRequiredService<IOptions<EventsOptions>>()));
        services.AddSingleton<ISinkValidator, SinkValidator>();
        services.AddSingleton<RetrySchedule>();
        return services;
    }
}
