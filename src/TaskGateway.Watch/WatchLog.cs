using Microsoft.Extensions.Logging;

namespace TaskGateway.Watch;

/// <summary>The watch engine's log lines, source-generated with fixed event ids.</summary>
internal static partial class WatchLog
{
    [LoggerMessage(3001, LogLevel.Debug, "Poller started for {Source} {Resource}")]
    public static partial void PollerStarted(ILogger logger, string source, string resource);

    [LoggerMessage(3002, LogLevel.Debug, "Poller stopped for {Source} {Resource} after {Polls} polls")]
    public static partial void PollerStopped(ILogger logger, string source, string resource, long polls);

    [LoggerMessage(3003, LogLevel.Warning, "Poll of {Source} {Resource} failed ({Errors} in a row): {Reason}")]
    public static partial void PollFailed(ILogger logger, string source, string resource, int errors, string reason);

    [LoggerMessage(3004, LogLevel.Warning, "Watch of {Source} {Resource} ended: {Status}")]
    public static partial void PollerGaveUp(ILogger logger, string source, string resource, string status);

    [LoggerMessage(3006, LogLevel.Debug, "Poller for {Source} {Resource} had no watcher for {IdleTimeout}; stopping")]
    public static partial void PollerIdle(ILogger logger, string source, string resource, TimeSpan idleTimeout);

    [LoggerMessage(3005, LogLevel.Error, "Poll of {Source} {Resource} failed unexpectedly")]
    public static partial void PollCrashed(ILogger logger, Exception exception, string source, string resource);
}
