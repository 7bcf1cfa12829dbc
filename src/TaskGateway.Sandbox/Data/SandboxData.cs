namespace TaskGateway.Sandbox.Data;

/// <summary>All seeded resources.</summary>
internal sealed class SandboxData
{
    public IReadOnlyList<IotdaInstanceTaskSeed> IotdaInstanceTasks { get; } =
        [.. IotdaInstanceTaskSeed.Create().OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal)];

    public IReadOnlyList<DmsScheduledTaskSeed> DmsScheduledTasks { get; } =
        [.. DmsScheduledTaskSeed.Create().OrderByDescending(t => t.CreatedAt)];

    public IReadOnlyList<IotdaExportTaskSeed> ExportTasks { get; } =
        [.. IotdaExportTaskSeed.Create().OrderByDescending(t => t.Id, StringComparer.Ordinal)];

    public IReadOnlyList<AstraTaskSeed> AstraTasks { get; } = AstraTaskSeed.Create();

    public IReadOnlyList<CloudDcInstanceSeed> CloudDcInstances { get; } = CloudDcInstanceSeed.Create();
}
