using System.Text.Json.Serialization;
using TaskGateway.Backends.Common;

namespace TaskGateway.Backends.IotdaExportTasks;

/// <summary>Source-generated JSON metadata: no reflection when reading responses.</summary>
[JsonSourceGenerationOptions(NumberHandling = WireJson.Numbers)]
[JsonSerializable(typeof(IotdaExportTaskListWire))]
internal sealed partial class IotdaExportTaskJsonContext : JsonSerializerContext;
