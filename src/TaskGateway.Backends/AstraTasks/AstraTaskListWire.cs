using System.Text.Json.Serialization;

namespace TaskGateway.Backends.AstraTasks;

/// <summary>The list answer: items and metadata.continue / metadata.count.</summary>
internal sealed record AstraTaskListWire
{
    [JsonPropertyName("items")] public List<AstraTaskWire>? Items { get; init; }
    [JsonPropertyName("metadata")] public AstraListMetadataWire? Metadata { get; init; }
}
