using System.Text.Json.Nodes;

namespace TaskGateway.Sandbox.Data;

/// <summary>Seeded DMS scheduled tasks: 29 over the past 29 days and a live one.</summary>
internal sealed record DmsScheduledTaskSeed(string Id, string Name, TimeSpan CreatedAt, Timeline Timeline)
{
    private static readonly string[] Finished = ["SUCCESS", "SUCCESS", "FAILED", "CANCELLED", "DELETED", "SUCCESS"];

    public static IReadOnlyList<DmsScheduledTaskSeed> Create()
    {
        var list = new List<DmsScheduledTaskSeed>
        {
            new(SandboxIds.DmsLiveTask, "reassignPartitions", TimeSpan.Zero, new Timeline([
                new Step(TimeSpan.Zero, "CREATED"),
                new Step(TimeSpan.FromSeconds(15), "EXECUTING"),
                new Step(TimeSpan.FromSeconds(45), "SUCCESS"),
            ])),
        };
        for (var i = 1; i <= 29; i++)
        {
            list.Add(new($"ff808082889e267601889e2d{i:x8}", i % 2 == 0 ? "reassignPartitions" : "modifyInstanceSpec", TimeSpan.FromDays(-i), Timeline.Fixed(Finished[i % Finished.Length])));
        }

        return list;
    }

    public JsonObject ToJson(SandboxClock clock)
    {
        var (step, index) = Timeline.At(clock.Elapsed);
        var created = clock.Start + CreatedAt;
        return new JsonObject
        {
            ["id"] = Id,
            ["name"] = Name,
            ["user_name"] = "paas_dms_03",
            ["user_id"] = "0b01fbb53600d4671fa8c00673c71260",
            ["params"] = "{\"reassignment_topics\":\"[topic-1]\"}",
            ["status"] = step.State,
            ["created_at"] = WireTime.Huawei(created),
            ["updated_at"] = WireTime.Huawei(created + step.At + TimeSpan.FromSeconds(index)),
            ["schedule_at"] = WireTime.Huawei(created + TimeSpan.FromSeconds(15)),
        };
    }

    public DateTimeOffset Created(SandboxClock clock) => clock.Start + CreatedAt;
}
