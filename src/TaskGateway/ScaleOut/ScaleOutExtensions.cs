using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;
using TaskGateway.Hosting;
using StackExchange.Redis;
using TaskGateway.Core.Sources;
using TaskGateway.Watch;

namespace TaskGateway.ScaleOut;

/// <summary>
/// Optional coordination of replicas through Redis (TaskGateway:Redis:Configuration): one polling replica per watched
/// resource, and Redis as HybridCache's second level for shared fetches with a freshness window. Off by default: a
/// single process needs nothing. Readiness never depends on Redis.
/// </summary>
internal static class ScaleOutExtensions
{
    public static WebApplicationBuilder AddTaskGatewayScaleOut(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Which services to register depends on whether Redis is on: decided before the container exists, from
        // the one early-bound RedisOptions that IOptions<RedisOptions> returns once validated.
        var redis = builder.BindEarly<RedisOptions, RedisOptionsValidator>(RedisOptions.SectionName);
        if (!redis.Enabled)
        {
            return builder;
        }

        services.AddSingleton<RedisConnection>();
        // The options validation refuses to start without a PageTokenKey when Redis is on: nothing is read from or
        // written to Redis without the key derived from it.
        services.AddSingleton(sp => RedisMac.FromPageTokenKey(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.PageTokenKey
            ?? throw new InvalidOperationException("TaskGateway:PageTokenKey is required with TaskGateway:Redis:Configuration.")));
        services.AddSingleton<RedisRejections>();
        services.AddSingleton<SourceFingerprints>();
        services.AddSingleton<IPollCoordination, RedisPollCoordination>();
        services.AddStackExchangeRedisCache(_ => { });
        services.AddOptions<RedisCacheOptions>().Configure<RedisConnection>((cache, redis) =>
        {
            cache.InstanceName = redis.Options.KeyPrefix + ":fetch:";
            cache.ConnectionMultiplexerFactory = async () => await redis.GetAsync().ConfigureAwait(false);
        });
        services.AddHybridCache().AddSerializer<SharedTask, SharedTaskSerializer>();
        return builder;
    }
}
