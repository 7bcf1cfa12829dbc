using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskGateway.Core.Telemetry;

namespace TaskGateway.Watch;

/// <summary>
/// The watch engine's collaborators, resolved once from DI and shared by the hub, its pollers and the stream runner:
/// all immutable references, so any thread may read them.
/// </summary>
internal sealed class WatchEngineServices(
    IOptions<WatchOptions> options, TimeProvider time, ILogger<WatchHub> logger, GatewayTelemetry telemetry, IPollCoordination coordination, IWatchProbe probe)
{
    public WatchOptions Options { get; } = options.Value;

    public TimeProvider Time { get; } = time;

    /// <summary>The engine logs under one category (WatchHub), whichever part logs.</summary>
    public ILogger Logger { get; } = logger;

    public GatewayTelemetry Telemetry { get; } = telemetry;

    public IPollCoordination Coordination { get; } = coordination;

    public IWatchProbe Probe { get; } = probe;
}
