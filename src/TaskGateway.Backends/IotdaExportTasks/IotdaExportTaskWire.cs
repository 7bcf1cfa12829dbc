using System.Text.Json;
using System.Text.Json.Serialization;

namespace TaskGateway.Backends.IotdaExportTasks;

/// <summary>An ExportTask list item; resource_condition is an object in the response (a string in the query).</summary>
internal sealed record IotdaExportTaskWire
{
    [JsonPropertyName("export_task_id")] public string? ExportTaskId { get; init; }
    [JsonPropertyName("resource_type")] public string? ResourceType { get; init; }
    [JsonPropertyName("resource_condition")] public JsonElement? ResourceCondition { get; init; }
    [JsonPropertyName("export_format")] public string? ExportFormat { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("export_count")] public long? ExportCount { get; init; }
    [JsonPropertyName("progress")] public double? Progress { get; init; }
    [JsonPropertyName("create_time")] public string? CreateTime { get; init; }
    [JsonPropertyName("end_time")] public string? EndTime { get; init; }
    [JsonPropertyName("app_type")] public string? AppType { get; init; }
    [JsonPropertyName("app_id")] public string? AppId { get; init; }
}
