using Microsoft.Extensions.Logging;

namespace TaskGateway.Events.Engine;

/// <summary>The subscription engine's log lines, source-generated with fixed event ids (5050-5099). Never a secret, never a sink's query.</summary>
internal static partial class EngineLog
{
    [LoggerMessage(5050, LogLevel.Debug, "Watching subscriptions/{Id}: {Target}")]
    public static partial void Watching(ILogger logger, string id, string target);

    [LoggerMessage(5051, LogLevel.Debug, "Stopped watching subscriptions/{Id}")]
    public static partial void StoppedWatching(ILogger logger, string id);

    [LoggerMessage(5052, LogLevel.Information, "Event {EventId} ({Type}) enqueued for subscriptions/{Id}: {Subject}")]
    public static partial void Enqueued(ILogger logger, string eventId, string type, string id, string subject);

    [LoggerMessage(5053, LogLevel.Warning, "Watching subscriptions/{Id} ({Target}) failed, trying again in {Delay}: {Reason}")]
    public static partial void WatchFailed(ILogger logger, string id, string target, TimeSpan delay, string reason);

    [LoggerMessage(5054, LogLevel.Warning, "The subscription store is unavailable ({Setting}), trying again in {Delay}: {Reason}")]
    public static partial void StoreUnavailable(ILogger logger, string setting, TimeSpan delay, string reason);

    [LoggerMessage(5055, LogLevel.Information, "Event {EventId} ({Type}) delivered to subscriptions/{Id} on attempt {Attempt} (HTTP {Status})")]
    public static partial void Delivered(ILogger logger, string eventId, string type, string id, int attempt, int status);

    [LoggerMessage(5056, LogLevel.Warning, "Event {EventId} ({Type}) for subscriptions/{Id} failed on attempt {Attempt} (HTTP {Status}: {Error}); next attempt at {NextAttempt}")]
    public static partial void RetryScheduled(ILogger logger, string eventId, string type, string id, int attempt, int status, string error, DateTimeOffset nextAttempt);

    [LoggerMessage(5057, LogLevel.Warning, "subscriptions/{Id} disabled after event {EventId} ({Type}), attempt {Attempt}: {Reason}")]
    public static partial void Disabled(ILogger logger, string id, string eventId, string type, int attempt, string reason);

    [LoggerMessage(5058, LogLevel.Warning, "The lease on event {EventId} for subscriptions/{Id} was lost before its result was recorded; it will be sent again")]
    public static partial void LeaseLost(ILogger logger, string eventId, string id);

    [LoggerMessage(5059, LogLevel.Error, "Delivering event {EventId} for subscriptions/{Id} failed unexpectedly; its lease will expire and it will be sent again")]
    public static partial void DeliveryCrashed(ILogger logger, Exception exception, string eventId, string id);

    [LoggerMessage(5060, LogLevel.Error, "Watching subscriptions/{Id} failed unexpectedly, trying again in {Delay}")]
    public static partial void WatchCrashed(ILogger logger, Exception exception, string id, TimeSpan delay);

    [LoggerMessage(5061, LogLevel.Information, "The subscription store is available again ({Setting})")]
    public static partial void StoreBack(ILogger logger, string setting);

    [LoggerMessage(5062, LogLevel.Warning, "subscriptions/{Id} suspended on this replica: neither watched nor delivered while {Reason}")]
    public static partial void Suspended(ILogger logger, string id, string reason);
}
