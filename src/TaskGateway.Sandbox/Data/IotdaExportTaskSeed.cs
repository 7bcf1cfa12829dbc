using System.Text.Json.Nodes;

namespace TaskGateway.Sandbox.Data;

/// <summary>Seeded IoTDA export tasks (at most 50 per user): 11 finished ones and a live one.</summary>
internal sealed record IotdaExportTaskSeed(string Id, TimeSpan CreatedAt, Timeline Timeline, long Count)
{
    public static IReadOnlyList<IotdaExportTaskSeed> Create()
    {
        var list = new List<IotdaExportTaskSeed>
        {
            new(SandboxIds.ExportLiveTask, TimeSpan.Zero, new Timeline([
                new Step(TimeSpan.Zero, "Processing"),
                new Step(TimeSpan.FromSeconds(50), "Success"),
            ]), 10000),
        };
        for (var i = 1; i <= 11; i++)
        {
            // Ids descend with age, as the backend's markers do.
            list.Add(new($"5c90fa7d3c4e4405e85250{0x79 - (i * 3):x2}", TimeSpan.FromHours(-3 * i), Timeline.Fixed(i % 5 == 0 ? "Failed" : "Success"), 500L * i));
        }

        return list;
    }

    public JsonObject ToJson(SandboxClock clock)
    {
        var elapsed = clock.Elapsed;
        var (step, _) = Timeline.At(elapsed);
        var created = clock.Start + CreatedAt;
        return new JsonObject
        {
            ["export_task_id"] = Id,
            ["resource_type"] = "BatchTask",
            ["resource_condition"] = new JsonObject { ["task_id"] = "32822e5744a45ede319d2c50" },
            ["export_format"] = "xls",
            ["status"] = step.State,
            ["export_count"] = Count,
            ["progress"] = step.State == "Processing" ? Math.Max(1, (int)(Timeline.Fraction(elapsed) * 100)) : 100,
            ["create_time"] = WireTime.Huawei(created),
            ["end_time"] = step.State == "Processing" ? null : WireTime.Huawei(created + TimeSpan.FromSeconds(50)),
            ["app_type"] = "GLOBAL",
            ["app_id"] = null,
        };
    }
}
