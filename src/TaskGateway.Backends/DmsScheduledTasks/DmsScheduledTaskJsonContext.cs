using System.Text.Json.Serialization;
using TaskGateway.Backends.Common;

namespace TaskGateway.Backends.DmsScheduledTasks;

/// <summary>Source-generated JSON metadata: no reflection when reading responses.</summary>
[JsonSourceGenerationOptions(NumberHandling = WireJson.Numbers)]
[JsonSerializable(typeof(DmsScheduledTaskListWire))]
internal sealed partial class DmsScheduledTaskJsonContext : JsonSerializerContext;
