using System.Text.Json;
using System.Text.Json.Serialization;

namespace TaskGateway.Backends.AstraTasks;

/// <summary>type_astra_stateDetail.</summary>
internal sealed record AstraStateDetailWire
{
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("title")] public string? Title { get; init; }
    [JsonPropertyName("detail")] public string? Detail { get; init; }
    [JsonPropertyName("additionalDetails")] public JsonElement? AdditionalDetails { get; init; }
}
