using System.Text.Json.Nodes;

namespace TaskGateway.Sandbox.Data;

/// <summary>
/// Seeded CloudDC instances, moving along the page's state diagram: one being installed, one stopped, one
/// being deleted, one in error, one reporting an older SDK's misspelt state, a fleet of ten running, and ten that
/// move only when told to (<see cref="Middleware.AdvanceMiddleware"/>).
/// </summary>
/// <param name="Id">The instance id.</param>
/// <param name="Timeline">Its states: at times since the sandbox started, or, when <paramref name="OnDemand"/>, in order, one step per advance.</param>
/// <param name="OnDemand">Whether the instance stays in a step until advanced, whatever the time.</param>
internal sealed record CloudDcInstanceSeed(string Id, Timeline Timeline, bool OnDemand = false)
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
        .. Stepped(),
    ];

    /// <summary>
    /// Ten instances that keep running: what scale-out tests and demos watch for a long time (with until, for
    /// example <c>details.state = stopped</c>), since their state never ends a watch by itself.
    /// </summary>
    public static IEnumerable<CloudDcInstanceSeed> Fleet() =>
        Enumerable.Range(1, 10).Select(i => new CloudDcInstanceSeed($"cdc-fleet-{i:00}", Timeline.Fixed("running", "poweron-succeed")));

    /// <summary>
    /// Ten instances whose state changes only when a test or a demo advances them, one step at a time, each step a
    /// different state (no two alike, so a watcher can tell an older state from a newer one), ending terminated: a
    /// change is made at a moment the caller chooses (after a failover, while Redis is away) rather than at a time
    /// after the sandbox started that a loaded machine may reach before or after the event.
    /// </summary>
    public static IEnumerable<CloudDcInstanceSeed> Stepped() =>
        Enumerable.Range(1, 10).Select(i => new CloudDcInstanceSeed($"cdc-step-{i:00}", new Timeline([.. SteppedStates]), OnDemand: true));

    /// <summary>The steps of the on-demand instances, in order (their At is unused).</summary>
    public static IReadOnlyList<Step> SteppedStates { get; } =
    [
        new(TimeSpan.Zero, "pending", "install-processing"),
        new(TimeSpan.Zero, "stopped", "install-succeed"),
        new(TimeSpan.Zero, "running", "poweron-succeed"),
        new(TimeSpan.Zero, "stopped", "poweroff-succeed"),
        new(TimeSpan.Zero, "running", "reboot-succeed"),
        new(TimeSpan.Zero, "shutting-down", "uninstall-processing"),
        new(TimeSpan.Zero, "terminated", "uninstall-succeed"),
    ];

    public JsonObject ToJson(SandboxClock clock, SandboxSteps steps)
    {
        var step = OnDemand ? Timeline.Steps[Math.Min(steps.Of(Id), Timeline.Steps.Count - 1)] : Timeline.At(clock.Elapsed).Step;
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
