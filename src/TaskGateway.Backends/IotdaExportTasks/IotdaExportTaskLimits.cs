namespace TaskGateway.Backends.IotdaExportTasks;

/// <summary>The backend's documented limits: limit 1 to 50, default 10; the only resource type is BatchTask.</summary>
internal static class IotdaExportTaskLimits
{
    public const int DefaultPageSize = 10;
    public const int MaxPageSize = 50;
    public const string ResourceType = "BatchTask";
}
