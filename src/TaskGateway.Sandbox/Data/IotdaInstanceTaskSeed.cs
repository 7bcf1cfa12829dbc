using System.Globalization;
using System.Text.Json.Nodes;

namespace TaskGateway.Sandbox.Data;

/// <summary>Seeded IoTDA instance tasks: 24 finished ones over the past day and a live one.</summary>
internal sealed record IotdaInstanceTaskSeed(string Id, string Type, TimeSpan CreatedAt, Timeline Timeline, int? Size)
{
    private static readonly string[] Types = ["CREATE", "MODIFY", "FREEZE", "UNFREEZE", "UPDATE_ACCESS_CONFIG", "UPDATE_ALLOW_LISTS", "OPEN_SNAT", "DELETE"];

    public static IReadOnlyList<IotdaInstanceTaskSeed> Create()
    {
        var list = new List<IotdaInstanceTaskSeed>
        {
            new(SandboxIds.IotdaLiveTask, "MODIFY", TimeSpan.Zero, new Timeline([
                new Step(TimeSpan.Zero, "PENDING"),
                new Step(TimeSpan.FromSeconds(10), "RUNNING"),
                new Step(TimeSpan.FromSeconds(40), "SUCCESS"),
            ]), null),
        };
        for (var i = 1; i <= 24; i++)
        {
            var id = $"{i:x8}-1c2d-4e3f-8a9b-{i * 7919:x12}";
            var state = i % 7 == 0 ? "FAILED" : "SUCCESS";
            var extra = state == "FAILED" ? "The instance quota is exhausted." : null;
            list.Add(new(id, Types[i % Types.Length], TimeSpan.FromHours(-i), Timeline.Fixed(state, extra), i % 3 == 0 ? null : i));
        }

        return list;
    }

    public JsonObject ToJson(SandboxClock clock, bool listItem)
    {
        var elapsed = clock.Elapsed;
        var (step, _) = Timeline.At(elapsed);
        var created = clock.Start + CreatedAt;
        var started = created + (Timeline.Steps.Count > 1 ? Timeline.Steps[1].At : TimeSpan.FromSeconds(5));
        var json = new JsonObject
        {
            ["task_id"] = Id,
            ["type"] = Type,
            ["status"] = step.State,
            ["status_detail"] = step.Extra ?? step.State switch
            {
                "PENDING" => "Waiting for the maintenance window.",
                "RUNNING" => "Changing the instance specification.",
                _ => "Done.",
            },
            ["create_time"] = WireTime.Huawei(created),
            ["start_time"] = step.State == "PENDING" ? null : WireTime.Huawei(started),
            ["end_time"] = step.State is "SUCCESS" or "FAILED" ? WireTime.Huawei(created + TimeSpan.FromSeconds(40)) : null,
            ["target_config"] = new JsonObject
            {
                ["flavor"] = new JsonObject { ["type"] = "iotda.enterprise.1000tps.10wonlinedevice", ["size"] = Size },
                ["charge_mode"] = Size is { } s && s % 2 == 0 ? "prePaid" : "postPaid",
            },
            ["operate_window"] = new JsonObject { ["start_time"] = "18:00", ["end_time"] = "22:00" },
            // Real backends add fields the page does not document: the gateway must ignore them.
            ["sandbox_revision"] = 3,
        };
        if (!listItem)
        {
            json["progress"] = step.State switch
            {
                "PENDING" => null,
                "RUNNING" => (int)Math.Round(Timeline.Fraction(elapsed) * 100),
                _ => 100,
            };
        }

        return json;
    }

    public string SortKey => CreatedAt.Ticks.ToString("D20", CultureInfo.InvariantCulture);
}
