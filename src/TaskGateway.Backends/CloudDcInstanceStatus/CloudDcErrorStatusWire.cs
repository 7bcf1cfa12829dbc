using System.Text.Json.Serialization;

namespace TaskGateway.Backends.CloudDcInstanceStatus;

/// <summary>ErrorStatus.</summary>
internal sealed record CloudDcErrorStatusWire
{
    [JsonPropertyName("error_code")] public string? ErrorCode { get; init; }
    [JsonPropertyName("error_msg")] public string? ErrorMsg { get; init; }
    [JsonPropertyName("error_type")] public string? ErrorType { get; init; }
}
