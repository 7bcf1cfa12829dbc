using System.Text.Json.Serialization;
using TaskGateway.Backends.Huawei;

namespace TaskGateway.Backends.IotdaInstanceTasks;

/// <summary>The list answer: {page{count,marker}, tasks[]}.</summary>
internal sealed record IotdaInstanceTaskListWire
{
    [JsonPropertyName("tasks")] public List<IotdaInstanceTaskWire>? Tasks { get; init; }
    [JsonPropertyName("page")] public IotdaPageWire? Page { get; init; }
}
