using System.Text.Json.Serialization;

namespace TaskGateway.Backends.IotdaInstanceTasks;

/// <summary>An IoTDA instance task as the backend sends it (GET .../iotda-instances/{id}/tasks/{task_id}, and list items).</summary>
internal sealed record IotdaInstanceTaskWire
{
    [JsonPropertyName("task_id")] public string? TaskId { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("status_detail")] public string? StatusDetail { get; init; }
    [JsonPropertyName("create_time")] public string? CreateTime { get; init; }
    [JsonPropertyName("start_time")] public string? StartTime { get; init; }
    [JsonPropertyName("end_time")] public string? EndTime { get; init; }
    [JsonPropertyName("target_config")] public IotdaTargetConfigWire? TargetConfig { get; init; }
    [JsonPropertyName("operate_window")] public IotdaOperateWindowWire? OperateWindow { get; init; }
    [JsonPropertyName("progress")] public double? Progress { get; init; }
}
