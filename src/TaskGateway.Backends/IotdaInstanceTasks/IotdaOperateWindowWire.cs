using System.Text.Json.Serialization;

namespace TaskGateway.Backends.IotdaInstanceTasks;

/// <summary>operate_window: the maintenance window, HH:mm UTC.</summary>
internal sealed record IotdaOperateWindowWire
{
    [JsonPropertyName("start_time")] public string? StartTime { get; init; }
    [JsonPropertyName("end_time")] public string? EndTime { get; init; }
}
