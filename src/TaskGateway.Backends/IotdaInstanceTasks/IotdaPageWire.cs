using System.Text.Json.Serialization;

namespace TaskGateway.Backends.IotdaInstanceTasks;

/// <summary>IoTDA's page object: total count and the marker of the last record.</summary>
internal sealed record IotdaPageWire
{
    [JsonPropertyName("count")] public long? Count { get; init; }
    [JsonPropertyName("marker")] public string? Marker { get; init; }
}
