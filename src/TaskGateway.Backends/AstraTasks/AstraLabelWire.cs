using System.Text.Json.Serialization;

namespace TaskGateway.Backends.AstraTasks;

/// <summary>type_astra_label.</summary>
internal sealed record AstraLabelWire
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("value")] public string? Value { get; init; }
}
