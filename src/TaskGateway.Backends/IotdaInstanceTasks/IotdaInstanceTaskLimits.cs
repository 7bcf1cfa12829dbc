namespace TaskGateway.Backends.IotdaInstanceTasks;

/// <summary>The backend's documented limits.</summary>
internal static class IotdaInstanceTaskLimits
{
    public const int DefaultPageSize = 10;

    // The list returns at most 20 tasks a page (and only the last 180 days).
    public const int MaxPageSize = 20;
}
