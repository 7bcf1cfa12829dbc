using Microsoft.Extensions.Logging;

namespace TaskGateway.Events.Store;

/// <summary>The subscription store's log lines (event ids 5000-5019). Never a secret, never a connection string.</summary>
internal static partial class StoreLog
{
    [LoggerMessage(5000, LogLevel.Information, "Event store {Setting} migrated from schema version {From} to {To}")]
    public static partial void Migrated(ILogger logger, string setting, int from, int to);

    [LoggerMessage(5001, LogLevel.Warning, "Event store {Setting} is unavailable: {Reason}")]
    public static partial void Unavailable(ILogger logger, string setting, string reason);

    [LoggerMessage(5002, LogLevel.Information, "Event store {Setting} is available again")]
    public static partial void Recovered(ILogger logger, string setting);

    [LoggerMessage(5003, LogLevel.Debug, "Pruned {Count} delivered events older than {Before}")]
    public static partial void Pruned(ILogger logger, int count, DateTimeOffset before);

    [LoggerMessage(5004, LogLevel.Debug, "The lease on event {EventId} was lost before its result was recorded")]
    public static partial void LeaseLost(ILogger logger, string eventId);
}
