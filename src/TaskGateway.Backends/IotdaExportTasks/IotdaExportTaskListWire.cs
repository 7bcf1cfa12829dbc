using System.Text.Json.Serialization;
using TaskGateway.Backends.Huawei;

namespace TaskGateway.Backends.IotdaExportTasks;

/// <summary>The list answer: {export_tasks[], page{count,marker}}.</summary>
internal sealed record IotdaExportTaskListWire
{
    [JsonPropertyName("export_tasks")] public List<IotdaExportTaskWire>? ExportTasks { get; init; }
    [JsonPropertyName("page")] public IotdaPageWire? Page { get; init; }
}
