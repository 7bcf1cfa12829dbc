using TaskGateway.Backends.AstraTasks;
using TaskGateway.Backends.CloudDcInstanceStatus;
using TaskGateway.Backends.DmsScheduledTasks;
using TaskGateway.Backends.IotdaExportTasks;
using TaskGateway.Backends.IotdaInstanceTasks;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Sources;

namespace TaskGateway.Backends;

/// <summary>Creates the adapter for a source's kind.</summary>
public static class BackendFactory
{
    /// <summary>The adapter for a kind, bound to its source.</summary>
    public static ITaskBackend Create(SourceKind kind, SourceConnection source) => kind switch
    {
        SourceKind.IotdaInstanceTask => new IotdaInstanceTaskClient(source),
        SourceKind.DmsScheduledTask => new DmsScheduledTaskClient(source),
        SourceKind.IotdaExportTask => new IotdaExportTaskClient(source),
        SourceKind.AstraTask => new AstraTaskClient(source),
        SourceKind.ClouddcInstanceStatus => new CloudDcInstanceStatusClient(source),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown source kind."),
    };
}
