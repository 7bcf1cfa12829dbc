using Microsoft.Extensions.DependencyInjection;
namespace TaskGateway.Events.Engine;

/// <summary>Registers the engine: the watcher of every active subscription and the outbox dispatcher.</summary>
internal static class EngineServiceCollectionExtensions
{
    /// <summary>Adds <see cref="SubscriptionChanges"/> and the engine's hosted services.</summary>
    public static IServiceCollection AddEventEngine(this IServiceCollection services) => services.AddSingleton<SubscriptionChanges>();
}
