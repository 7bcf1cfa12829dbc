using System.Text.Json.Serialization;

namespace TaskGateway.Backends.DmsScheduledTasks;

/// <summary>A ScheduledTaskEntity: every field a string, params JSON text inside a string.</summary>
internal sealed record DmsScheduledTaskWire
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("user_name")] public string? UserName { get; init; }
    [JsonPropertyName("user_id")] public string? UserId { get; init; }
    [JsonPropertyName("params")] public string? Params { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("created_at")] public string? CreatedAt { get; init; }
    [JsonPropertyName("updated_at")] public string? UpdatedAt { get; init; }
    [JsonPropertyName("schedule_at")] public string? ScheduleAt { get; init; }
}
