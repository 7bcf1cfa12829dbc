using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TaskGateway.Core.Paging;
using TaskGateway.Core.Telemetry;
using TaskGateway.Watch;

namespace TaskGateway.Hosting;

/// <summary>The watch engine: validated options, the poller hub, and the stream runner tied to shutdown.</summary>
internal static class WatchExtensions
{
    public static WebApplicationBuilder AddTaskGatewayWatch(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WatchOptions>().Bind(builder.Configuration.GetSection(WatchOptions.SectionName)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WatchOptions>, WatchOptionsValidator>();
        // Tests on a fake clock register an observer of their own beforehand, to see the engine's steps.
        builder.Services.TryAddSingleton(sp => new WatchObserver(sp.GetRequiredService<GatewayTelemetry>()));
        builder.Services.AddSingleton(sp => new WatchHub(
            sp.GetRequiredService<IOptions<WatchOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<WatchHub>>(),
            sp.GetRequiredService<GatewayTelemetry>(),
            sp.GetRequiredService<WatchObserver>(),
            sp.GetService<IPollCoordination>()));
        builder.Services.AddSingleton(sp => new WatchStreams(
            sp.GetRequiredService<WatchHub>(),
            sp.GetRequiredService<PageTokenCodec>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<WatchOptions>>(),
            sp.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping,
            sp.GetRequiredService<GatewayTelemetry>(),
            sp.GetRequiredService<WatchObserver>()));
        return builder;
    }
}
