using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskGateway.Events.Store.Postgres;
using TaskGateway.Events.Store.Sqlite;

namespace TaskGateway.Events.Store;

/// <summary>Registers the subscription store the options choose: PostgreSQL when TaskGateway:Events:PostgreSql is set, SQLite otherwise.</summary>
internal static class StoreServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ISubscriptionStore"/> (a singleton; opening and migrating happen on first use, never at registration).</summary>
    public static IServiceCollection AddEventStore(this IServiceCollection services) =>
        services.AddSingleton<ISubscriptionStore>(provider => Create(
            provider.GetRequiredService<IOptions<EventsOptions>>().Value, provider.GetRequiredService<ILoggerFactory>()));

    /// <summary>The store the options name; constructing it opens nothing.</summary>
    public static ISubscriptionStore Create(EventsOptions options, ILoggerFactory loggers) =>
        string.IsNullOrWhiteSpace(options.PostgreSql)
            ? new SqliteSubscriptionStore(SqlitePath(options.SqlitePath), loggers.CreateLogger<SqliteSubscriptionStore>())
            : new PostgresSubscriptionStore(options.PostgreSql, loggers.CreateLogger<PostgresSubscriptionStore>());

    /// <summary>A relative SQLite path is beside the app, not wherever the process was started.</summary>
    public static string SqlitePath(string configured) => Path.GetFullPath(configured, AppContext.BaseDirectory);
}
