using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Internal;
using TaskGateway.Services;

namespace TaskGateway.Hosting;

/// <summary>Shared upstream fetches (single-flight and per-source freshness windows) through HybridCache.</summary>
internal static class SharedFetchExtensions
{
    public static IServiceCollection AddTaskGatewaySharedFetches(this IServiceCollection services)
    {
        services.AddHybridCache();
        // The freshness window runs on the gateway's clock, like every other timer, so tests can move it.
        services.AddOptions<MemoryCacheOptions>().Configure<TimeProvider>((o, time) => o.Clock = new TimeProviderClock(time));
        services.AddSingleton<SharedFetches>();
        return services;
    }

    private sealed class TimeProviderClock(TimeProvider time) : ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
}
