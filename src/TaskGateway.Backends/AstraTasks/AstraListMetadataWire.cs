using System.Text.Json.Serialization;

namespace TaskGateway.Backends.AstraTasks;

/// <summary>List metadata: an opaque continue token (base64) and the total count.</summary>
internal sealed record AstraListMetadataWire
{
    [JsonPropertyName("continue")] public string? Continue { get; init; }
    [JsonPropertyName("count")] public long? Count { get; init; }
}
