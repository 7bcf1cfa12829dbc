using System.Text.Json.Serialization;

namespace TaskGateway.Backends.AstraTasks;

/// <summary>type_astra_stateTransition.</summary>
internal sealed record AstraStateTransitionWire
{
    [JsonPropertyName("from")] public string? From { get; init; }
    [JsonPropertyName("to")] public List<string>? To { get; init; }
}
