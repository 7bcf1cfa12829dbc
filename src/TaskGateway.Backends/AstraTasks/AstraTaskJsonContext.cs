using System.Text.Json.Serialization;
using TaskGateway.Backends.Common;

namespace TaskGateway.Backends.AstraTasks;

/// <summary>Source-generated JSON metadata: no reflection when reading responses.</summary>
[JsonSourceGenerationOptions(NumberHandling = WireJson.Numbers)]
[JsonSerializable(typeof(AstraTaskWire))]
[JsonSerializable(typeof(AstraTaskListWire))]
internal sealed partial class AstraTaskJsonContext : JsonSerializerContext;
