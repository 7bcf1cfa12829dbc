using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TaskGateway.Core.Telemetry;
using TaskGateway.Logging;

namespace TaskGateway.ScaleOut;

/// <summary>
/// The replica's one Redis connection, opened in the background (a Redis that is down never delays or fails the
/// start), and whether coordination works right now: the first failure after success is logged once (event 2101) and
/// counted, and so is the recovery (event 2102).
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly Task<ConnectionMultiplexer> _connecting;
    private readonly ILogger _logger;
    private readonly System.Diagnostics.Metrics.Counter<long> _fallbacks;
    private int _available = 1;

    public RedisConnection(IOptions<RedisOptions> options, ILoggerFactory loggers, GatewayTelemetry telemetry)
    {
        Options = options.Value;
        _logger = loggers.CreateLogger("TaskGateway.ScaleOut");
        _fallbacks = telemetry.Meter.CreateCounter<long>("taskgateway.redis.fallbacks", "{fallback}",
            "Times this replica lost Redis coordination and fell back to polling locally.");
        var configuration = ConfigurationOptions.Parse(Options.Configuration!);
        // Keep trying in the background; commands fail fast while Redis is away, and replicas poll locally meanwhile.
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = 2000;
        configuration.SyncTimeout = 2000;
        configuration.AsyncTimeout = 2000;
        configuration.ClientName ??= "taskgateway";
        _connecting = ConnectionMultiplexer.ConnectAsync(configuration);
        ReplicaId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        telemetry.Meter.CreateObservableGauge("taskgateway.redis.available", () => Volatile.Read(ref _available), "{bool}",
            "1 while Redis coordination works, 0 while this replica polls locally for lack of it.");
    }

    /// <summary>The options in force.</summary>
    public RedisOptions Options { get; }

    /// <summary>This process's identity in leases and messages.</summary>
    public string ReplicaId { get; }

    /// <summary>The connection once it exists (it may be disconnected); null while the first attempt runs.</summary>
    public IConnectionMultiplexer? Multiplexer => _connecting.IsCompletedSuccessfully ? _connecting.Result : null;

    /// <summary>The connection, waiting for the first attempt.</summary>
    public async Task<IConnectionMultiplexer> GetAsync() => await _connecting.ConfigureAwait(false);

    /// <summary>
    /// A key or channel name of a watched key under the configured prefix. The id is a hash tag ({id}): a key's lease,
    /// fencing token and last state live in one Redis Cluster slot, as the scripts that touch them together need.
    /// </summary>
    public string Name(string kind, string id) => $"{Options.KeyPrefix}:{kind}:{{{id}}}";

    /// <summary>Coordination failed: log and count it once per outage.</summary>
    public void Unreachable(Exception reason)
    {
        if (Interlocked.Exchange(ref _available, 0) == 1)
        {
            _fallbacks.Add(1);
            Log.RedisUnreachable(_logger, reason.GetType().Name, reason.Message);
        }
    }

    /// <summary>Coordination works (again).</summary>
    public void Reachable()
    {
        if (Interlocked.Exchange(ref _available, 1) == 0)
        {
            Log.RedisReachable(_logger);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connecting.IsCompletedSuccessfully)
        {
            await _connecting.Result.DisposeAsync().ConfigureAwait(false);
        }
    }
}
