using System.Text.Json.Nodes;

namespace TaskGateway.Sandbox.Data;

/// <summary>Seeded Astra tasks: a live backup with two subtasks, and twelve finished tasks.</summary>
internal sealed record AstraTaskSeed(string Id, string Name, string? ParentId, double? OrderHint, TimeSpan CreatedAt, Timeline Timeline)
{
    private static readonly string[] AllStates = ["notStarted", "running", "completed", "pausing", "paused", "cancelling", "cancelled", "failed"];

    public static IReadOnlyList<AstraTaskSeed> Create()
    {
        var live = new Timeline([
            new Step(TimeSpan.Zero, "notStarted"),
            new Step(TimeSpan.FromSeconds(5), "running"),
            new Step(TimeSpan.FromSeconds(55), "completed"),
        ]);
        var list = new List<AstraTaskSeed>
        {
            new(SandboxIds.AstraLiveTask, "astra.core.backup.create", null, null, TimeSpan.Zero, live),
            new("a1b2c3d4-0000-4000-8000-000000000002", "astra.core.backup.snapshot", SandboxIds.AstraLiveTask, 1, TimeSpan.Zero, new Timeline([
                new Step(TimeSpan.Zero, "notStarted"),
                new Step(TimeSpan.FromSeconds(5), "running"),
                new Step(TimeSpan.FromSeconds(25), "completed"),
            ])),
            new("a1b2c3d4-0000-4000-8000-000000000003", "astra.core.backup.copy", SandboxIds.AstraLiveTask, 2, TimeSpan.Zero, new Timeline([
                new Step(TimeSpan.Zero, "notStarted"),
                new Step(TimeSpan.FromSeconds(25), "running"),
                new Step(TimeSpan.FromSeconds(55), "completed"),
            ])),
        };
        for (var i = 4; i <= 15; i++)
        {
            var state = i switch { 7 => "failed", 11 => "cancelled", 13 => "paused", _ => "completed" };
            list.Add(new($"a1b2c3d4-0000-4000-8000-{i:x12}", i % 2 == 0 ? "astra.core.app.clone" : "astra.core.snapshot.create", null, null, TimeSpan.FromHours(-i), Timeline.Fixed(state)));
        }

        return list;
    }

    public JsonObject ToJson(SandboxClock clock, string accountId)
    {
        var elapsed = clock.Elapsed;
        var (step, _) = Timeline.At(elapsed);
        var created = clock.Start + CreatedAt + TimeSpan.FromTicks(1234567);
        var json = new JsonObject
        {
            ["type"] = "application/astra-task",
            ["version"] = "1.1",
            ["id"] = Id,
            ["name"] = Name,
            ["summary"] = Name.Replace("astra.core.", string.Empty, StringComparison.Ordinal) + " task",
            ["description"] = "Seeded by the TaskGateway sandbox.",
            ["service"] = "astra-core",
            ["resourceID"] = "e1f2a3b4-5c6d-4e7f-8a9b-0c1d2e3f4a5b",
            ["resourceURI"] = $"/accounts/{accountId}/k8s/v1/apps/e1f2a3b4-5c6d-4e7f-8a9b-0c1d2e3f4a5b",
            ["resourceCollectionURI"] = new JsonArray($"/accounts/{accountId}/k8s/v1/apps"),
            ["state"] = step.State,
            ["stateTransitions"] = new JsonArray(AllStates.Select(s => (JsonNode)new JsonObject { ["from"] = s, ["to"] = new JsonArray("running", "cancelling") }).ToArray()),
            ["stateDetails"] = StateDetails(step.State),
            ["percentDone"] = PercentDone(step.State, elapsed),
            ["metadata"] = Metadata(clock, step, created),
        };
        if (ParentId is not null)
        {
            json["parentTaskID"] = ParentId;
        }

        if (OrderHint is { } hint)
        {
            json["orderHint"] = hint;
        }

        AddTimes(json, clock, step, created);
        return json;
    }

    private double PercentDone(string state, TimeSpan elapsed) => state switch
    {
        "notStarted" => 0,
        "running" => Math.Round(Timeline.Fraction(elapsed) * 10000) / 100,
        "completed" => 100,
        _ => 20.25,
    };

    // A failed task says why, with additional details of its own shape (they reach the caller as a Struct).
    private static JsonArray StateDetails(string state)
    {
        var details = new JsonArray();
        if (state == "failed")
        {
            details.Add(new JsonObject
            {
                ["type"] = "https://astra.netapp.io/stateDetails/3",
                ["title"] = "Snapshot failed",
                ["detail"] = "The volume snapshot could not be created: the storage backend is read-only.",
                ["additionalDetails"] = new JsonObject { ["volume"] = "pvc-7f3e", ["attempts"] = 3 },
            });
        }

        return details;
    }

    private JsonObject Metadata(SandboxClock clock, Step step, DateTimeOffset created) => new()
    {
        ["labels"] = new JsonArray(new JsonObject { ["name"] = "astra.netapp.io/labels/read-only/triggerType", ["value"] = ParentId is null ? "user" : "system" }),
        ["creationTimestamp"] = WireTime.Astra(created),
        ["modificationTimestamp"] = WireTime.Astra(clock.Start + CreatedAt + step.At + TimeSpan.FromTicks(7654321)),
        ["createdBy"] = "8f4c2a1e-0d3b-4c5e-9f7a-1b3d5e7f9a0c",
    };

    // startTime once it has started, endTime once it is done, cancelTime just before the end of a cancelled one.
    private void AddTimes(JsonObject json, SandboxClock clock, Step step, DateTimeOffset created)
    {
        var start = created + (Timeline.Steps.Count > 1 ? Timeline.Steps[1].At : TimeSpan.FromSeconds(5));
        if (step.State != "notStarted")
        {
            json["startTime"] = WireTime.Astra(start);
        }

        // A live task ends when its last step starts; a seeded finished one ran for 30 seconds.
        var end = Timeline.Steps.Count > 1 ? clock.Start + CreatedAt + step.At + TimeSpan.FromTicks(1) : start + TimeSpan.FromSeconds(30);
        if (step.State is "completed" or "failed" or "cancelled")
        {
            json["endTime"] = WireTime.Astra(end);
        }

        if (step.State == "cancelled")
        {
            json["cancelTime"] = WireTime.Astra(end - TimeSpan.FromSeconds(1));
        }
    }
}
