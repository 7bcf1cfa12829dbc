using System.Text.Json.Serialization;

namespace TaskGateway.Backends.Huawei;

/// <summary>IoTDA's page object (both IoTDA list APIs send it): total count and the marker of the last record.</summary>
internal sealed record IotdaPageWire
{
    [JsonPropertyName("count")] public long? Count { get; init; }
    [JsonPropertyName("marker")] public string? Marker { get; init; }
}
