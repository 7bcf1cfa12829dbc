using System.Text.Json.Serialization;

namespace TaskGateway.Backends.AstraTasks;

/// <summary>type_astra_metadata.</summary>
internal sealed record AstraMetadataWire
{
    [JsonPropertyName("labels")] public List<AstraLabelWire>? Labels { get; init; }
    [JsonPropertyName("creationTimestamp")] public string? CreationTimestamp { get; init; }
    [JsonPropertyName("modificationTimestamp")] public string? ModificationTimestamp { get; init; }
    [JsonPropertyName("createdBy")] public string? CreatedBy { get; init; }
    [JsonPropertyName("modifiedBy")] public string? ModifiedBy { get; init; }
}
