namespace TaskGateway.Backends.DmsScheduledTasks;

/// <summary>The backend's documented limits: limit 1 to 100, start from 0.</summary>
internal static class DmsScheduledTaskLimits
{
    public const int DefaultPageSize = 10;
    public const int MaxPageSize = 100;

    /// <summary>begin_time/end_time format.</summary>
    public const string TimeFormat = "yyyyMMddHHmmss";

    /// <summary>
    /// How far a pushed-down time range is widened on each side: the largest offsets of any time zone (UTC-12 to
    /// UTC+14), since the page does not say in which zone the backend reads begin_time and end_time.
    /// </summary>
    public static readonly TimeSpan TimeZoneMargin = TimeSpan.FromHours(14);
}
