using System.Diagnostics.Metrics;
using TaskGateway.Core.Telemetry;
using TaskGateway.Logging;

namespace TaskGateway.ScaleOut;

/// <summary>
/// What this replica dropped from Redis (a message or entry that failed verification, named another resource or
/// claimed an impossible length): counted on taskgateway.redis.rejected by kind and reason, and logged (event 2103)
/// at most once per <see cref="LogInterval"/> with the number dropped since, so a flood of forgeries cannot flood the
/// logs. Nothing from the message itself is logged.
/// </summary>
internal sealed class RedisRejections
{
    /// <summary>The shortest time between two warnings.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromMinutes(1);

    private readonly Counter<long> _rejected;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _nextLog = long.MinValue;
    private long _unlogged;

    public RedisRejections(GatewayTelemetry telemetry, ILoggerFactory loggers, TimeProvider time)
    {
        _rejected = telemetry.Meter.CreateCounter<long>("taskgateway.redis.rejected", "{item}",
            "Messages and entries read from Redis and dropped: a MAC that does not verify (forged, or another deployment's), another resource, or an impossible length.");
        _logger = loggers.CreateLogger("TaskGateway.ScaleOut");
        _time = time;
    }

    /// <summary>Counts (and maybe logs) one dropped item: kind is message, state or fetch; reason is a fixed word.</summary>
    public void Reject(string kind, string reason)
    {
        _rejected.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("reason", reason));
        long count;
        lock (_gate)
        {
            _unlogged++;
            var now = _time.GetTimestamp();
            if (now < _nextLog)
            {
                return;
            }

            _nextLog = now + (long)(LogInterval.TotalSeconds * _time.TimestampFrequency);
            count = _unlogged;
            _unlogged = 0;
        }

        Log.RedisItemRejected(_logger, count, kind, reason, LogInterval);
    }
}
