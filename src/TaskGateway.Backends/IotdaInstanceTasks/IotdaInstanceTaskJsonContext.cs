using System.Text.Json.Serialization;
using TaskGateway.Backends.Common;

namespace TaskGateway.Backends.IotdaInstanceTasks;

/// <summary>Source-generated JSON metadata: no reflection when reading responses.</summary>
[JsonSourceGenerationOptions(NumberHandling = WireJson.Numbers)]
[JsonSerializable(typeof(IotdaInstanceTaskWire))]
[JsonSerializable(typeof(IotdaInstanceTaskListWire))]
internal sealed partial class IotdaInstanceTaskJsonContext : JsonSerializerContext;
