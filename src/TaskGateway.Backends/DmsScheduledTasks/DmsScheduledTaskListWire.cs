using System.Text.Json.Serialization;

namespace TaskGateway.Backends.DmsScheduledTasks;

/// <summary>The list answer. job_count is documented as a string and sent as a number by newer backends: both read.</summary>
internal sealed record DmsScheduledTaskListWire
{
    [JsonPropertyName("job_count")] public long? JobCount { get; init; }
    [JsonPropertyName("jobs")] public List<DmsScheduledTaskWire>? Jobs { get; init; }
}
