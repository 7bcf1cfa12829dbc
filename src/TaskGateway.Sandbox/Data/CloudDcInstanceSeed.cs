using System.Text.Json.Nodes;

namespace TaskGateway.Sandbox.Data;

/// <summary>
/// Seeded CloudDC instances, moving along the page's state diagram: one being installed, one stopped, one
/// being deleted, one in error, one reporting an older SDK's misspelt state, and a fleet of ten running.
/// </summary>
internal sealed record CloudDcInstanceSeed(string Id, Timeline Timeline)
{
    public static IReadOnlyList<CloudDcInstanceSeed> Create() =>
    [
        new(SandboxIds.CloudDcLiveInstance, new Timeline([
            new Step(TimeSpan.Zero, "pending"),
            new Step(TimeSpan.FromSeconds(10), "pending", "install-processing"),
            new Step(TimeSpan.FromSeconds(40), "stopped", "install-succeed"),
            new Step(TimeSpan.FromSeconds(50), "running", "install-succeed"),
        ])),
        new("cdc-db-02", Timeline.Fixed("stopped", "reinstall-succeed")),
        new("cdc-old-03", new Timeline([
            new Step(TimeSpan.Zero, "shutting-down", "uninstall-processing"),
            new Step(TimeSpan.FromSeconds(30), "terminated", "uninstall-succeed"),
        ])),
        new("cdc-err-04", Timeline.Fixed("error", "install-failed")),
        new("cdc-legacy-05", Timeline.Fixed("teminated")),
        .. Fleet(),
    ];

    /// <summary>
    /// Ten instances that keep running: what scale-out tests and demos watch for a long time (with until, for
    /// example <c>details.state = stopped</c>), since their state never ends a watch by itself.
    /// </summary>
    public static IEnumerable<CloudDcInstanceSeed> Fleet() =>
        Enumerable.Range(1, 10).Select(i => new CloudDcInstanceSeed($"cdc-fleet-{i:00}", Timeline.Fixed("running", "poweron-succeed")));

    public JsonObject ToJson(SandboxClock clock)
    {
        var (step, _) = Timeline.At(clock.Elapsed);
        var json = new JsonObject { ["state"] = step.State };
        if (step.Extra is { } operation)
        {
            json["operation_state"] = operation;
        }

        if (step.State == "error")
        {
            json["error"] = new JsonObject
            {
                ["error_code"] = "CLOUDDC.1001",
                ["error_msg"] = "The OS image could not be written to the system disk.",
                ["error_type"] = "power_on_error",
            };
        }

        return json;
    }
}
