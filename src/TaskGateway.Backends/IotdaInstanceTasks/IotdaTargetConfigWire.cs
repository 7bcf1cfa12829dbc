using System.Text.Json.Serialization;

namespace TaskGateway.Backends.IotdaInstanceTasks;

/// <summary>target_config: flavor and charge mode.</summary>
internal sealed record IotdaTargetConfigWire
{
    [JsonPropertyName("flavor")] public IotdaFlavorWire? Flavor { get; init; }
    [JsonPropertyName("charge_mode")] public string? ChargeMode { get; init; }
}
