using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TaskGateway.Core.Paging;
using TaskGateway.Core.Telemetry;
using TaskGateway.Watch;

namespace TaskGateway.Hosting;

/// <summary>
/// The watch engine: validated options, its collaborators grouped once (<see cref="WatchEngineServices"/>), the poller
/// hub, and the stream runner tied to shutdown.
/// </summary>
internal static class WatchExtensions
{
    public static WebApplicationBuilder AddTaskGatewayWatch(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WatchOptions>().Bind(builder.Configuration.GetSection(WatchOptions.SectionName)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WatchOptions>, WatchOptionsValidator>();
        // Scale-out registers the replicas' coordination; without it every poller polls (a single process).
        builder.Services.TryAddSingleton<IPollCoordination>(LocalPollCoordination.Instance);
        // Nobody watches the engine's steps in production; tests on a fake clock register a probe of their own.
        builder.Services.TryAddSingleton<IWatchProbe>(NoWatchProbe.Instance);
        builder.Services.AddSingleton(sp => new WatchEngineServices(
            sp.GetRequiredService<IOptions<WatchOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<WatchHub>>(),
            sp.GetRequiredService<GatewayTelemetry>(),
            sp.GetRequiredService<IPollCoordination>(),
            sp.GetRequiredService<IWatchProbe>()));
        builder.Services.AddSingleton(sp => new WatchHub(sp.GetRequiredService<WatchEngineServices>()));
        builder.Services.AddSingleton(sp => new WatchStreams(
            sp.GetRequiredService<WatchHub>(),
            sp.GetRequiredService<PageTokenCodec>(),
            sp.GetRequiredService<WatchEngineServices>(),
            sp.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping));
        return builder;
    }
}
