using System.Text.Json.Serialization;

namespace TaskGateway.Backends.IotdaInstanceTasks;

/// <summary>target_config.flavor; size may be null.</summary>
internal sealed record IotdaFlavorWire
{
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("size")] public double? Size { get; init; }
}
