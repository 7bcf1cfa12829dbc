using System.Text.Json.Serialization;
using TaskGateway.Backends.Common;

namespace TaskGateway.Backends.CloudDcInstanceStatus;

/// <summary>Source-generated JSON metadata: no reflection when reading responses.</summary>
[JsonSourceGenerationOptions(NumberHandling = WireJson.Numbers)]
[JsonSerializable(typeof(CloudDcInstanceStatusWire))]
internal sealed partial class CloudDcInstanceStatusJsonContext : JsonSerializerContext;
