using System.Text.Json.Serialization;

namespace TaskGateway.Backends.AstraTasks;

/// <summary>An Astra task resource (application/astra-task, version 1.0 or 1.1).</summary>
internal sealed record AstraTaskWire
{
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("version")] public string? Version { get; init; }
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("summary")] public string? Summary { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("service")] public string? Service { get; init; }
    [JsonPropertyName("parentTaskID")] public string? ParentTaskId { get; init; }
    [JsonPropertyName("userID")] public string? UserId { get; init; }
    [JsonPropertyName("resourceID")] public string? ResourceId { get; init; }
    [JsonPropertyName("resourceURI")] public string? ResourceUri { get; init; }
    [JsonPropertyName("resourceCollectionURI")] public List<string>? ResourceCollectionUri { get; init; }
    [JsonPropertyName("state")] public string? State { get; init; }
    [JsonPropertyName("stateTransitions")] public List<AstraStateTransitionWire>? StateTransitions { get; init; }
    [JsonPropertyName("stateDetails")] public List<AstraStateDetailWire>? StateDetails { get; init; }
    [JsonPropertyName("orderHint")] public double? OrderHint { get; init; }
    [JsonPropertyName("percentDone")] public double? PercentDone { get; init; }
    [JsonPropertyName("startTime")] public string? StartTime { get; init; }
    [JsonPropertyName("endTime")] public string? EndTime { get; init; }
    [JsonPropertyName("cancelTime")] public string? CancelTime { get; init; }
    [JsonPropertyName("metadata")] public AstraMetadataWire? Metadata { get; init; }
}
