namespace TaskGateway.Backends.DmsScheduledTasks;

/// <summary>The backend's documented limits: limit 1 to 100, start from 0.</summary>
internal static class DmsScheduledTaskLimits
{
    public const int DefaultPageSize = 10;
    public const int MaxPageSize = 100;

    /// <summary>begin_time/end_time format.</summary>
    public const string TimeFormat = "yyyyMMddHHmmss";
}
