using System.Text.Json.Serialization;

namespace TaskGateway.Backends.CloudDcInstanceStatus;

/// <summary>GET /v1/{project_id}/instances/{id}/status: state, operation_state and an optional error.</summary>
internal sealed record CloudDcInstanceStatusWire
{
    [JsonPropertyName("state")] public string? State { get; init; }
    [JsonPropertyName("operation_state")] public string? OperationState { get; init; }
    [JsonPropertyName("error")] public CloudDcErrorStatusWire? Error { get; init; }
}
