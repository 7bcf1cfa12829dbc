using TaskGateway.Sandbox;

namespace TaskGateway.Soak;

/// <summary>The sandbox resources the load picks from, and the faults the injector picks from.</summary>
internal static class SoakTargets
{
    private const string P = SandboxIds.Project;

    public static readonly string[] Tasks =
    [
        $"sources/iotda/projects/{P}/instances/{SandboxIds.IotdaInstance}/tasks/{SandboxIds.IotdaLiveTask}",
        $"sources/dms/projects/{P}/instances/{SandboxIds.DmsInstance}/scheduledTasks/{SandboxIds.DmsLiveTask}",
        $"sources/exports/projects/{P}/exportTasks/{SandboxIds.ExportLiveTask}",
        $"sources/astra/accounts/{SandboxIds.AstraAccount}/tasks/{SandboxIds.AstraLiveTask}",
        $"sources/clouddc/projects/{P}/instances/{SandboxIds.CloudDcLiveInstance}/status",
    ];

    public static readonly string[] Parents =
    [
        $"sources/iotda/projects/{P}/instances/{SandboxIds.IotdaInstance}",
        $"sources/dms/projects/{P}/instances/{SandboxIds.DmsInstance}",
        $"sources/exports/projects/{P}",
        $"sources/astra/accounts/{SandboxIds.AstraAccount}",
    ];

    /// <summary>Path fragments that match every backend's URLs, to aim injected faults.</summary>
    public static readonly string[] Paths = ["/tasks", "/scheduled-tasks", "/export-tasks", "/core/v1/tasks", "/status"];

    /// <summary>One of each fault class the gateway must survive.</summary>
    public static readonly (string Name, SandboxFault Fault)[] Faults =
    [
        ("connection reset", new SandboxFault(200) { Abort = true }),
        ("truncated JSON", new SandboxFault(200, """{"tasks":[{"task_id":"x","status":"Run""")),
        ("malformed JSON", new SandboxFault(200, "<html>oops</html>", "text/html")),
        ("wrong field types", new SandboxFault(200, """{"tasks":"not-a-list","count":"many","status":42,"state":[]}""")),
        ("unknown enum values", new SandboxFault(200, """{"task_id":"x","status":"Levitating","state":"levitating"}""")),
        ("oversized body", new SandboxFault(200, "{\"pad\":\"" + new string('x', 5 * 1024 * 1024) + "\"}")),
        ("502", new SandboxFault(502, """{"error_code":"APIG.0502","error_msg":"Bad gateway."}""")),
        ("503", new SandboxFault(503, """{"error_code":"SYS.0503","error_msg":"Service unavailable."}""")),
        ("429 with Retry-After", new SandboxFault(429, """{"error_code":"APIG.0308","error_msg":"Throttled."}""") { RetryAfter = TimeSpan.FromSeconds(1) }),
        ("429 without Retry-After", new SandboxFault(429, """{"error_code":"APIG.0308","error_msg":"Throttled."}""")),
        ("latency 3 s", new SandboxFault(200, "{}") { Delay = TimeSpan.FromSeconds(3) }),
        ("timeout (60 s)", new SandboxFault(200, "{}") { Delay = TimeSpan.FromSeconds(60) }),
    ];
}
