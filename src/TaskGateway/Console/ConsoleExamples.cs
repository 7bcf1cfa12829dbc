using TaskGateway.Sandbox;

namespace TaskGateway.WebConsole;

/// <summary>
/// The sandbox's live collections and tasks (the seeded ones that move during the gateway's first minute), one
/// collection and one task per source it serves, so `dotnet run` opens on something that changes.
/// </summary>
internal static class ConsoleExamples
{
    public static IReadOnlyList<ConsoleExample> ForSandbox()
    {
        var iotda = $"/console/sources/iotda/projects/{SandboxIds.Project}/instances/{SandboxIds.IotdaInstance}/tasks";
        var dms = $"/console/sources/dms/projects/{SandboxIds.Project}/instances/{SandboxIds.DmsInstance}/scheduledTasks";
        var exports = $"/console/sources/exports/projects/{SandboxIds.Project}/exportTasks";
        var astra = $"/console/sources/astra/accounts/{SandboxIds.AstraAccount}/tasks";
        return
        [
            new("IoTDA instance tasks (iotda)", iotda),
            new("IoTDA instance task, live (iotda)", $"{iotda}/{SandboxIds.IotdaLiveTask}"),
            new("DMS scheduled tasks (dms)", dms),
            new("DMS scheduled task, live (dms)", $"{dms}/{SandboxIds.DmsLiveTask}"),
            new("IoTDA export tasks (exports)", exports),
            new("IoTDA export task, live (exports)", $"{exports}/{SandboxIds.ExportLiveTask}"),
            new("Astra tasks (astra)", astra),
            new("Astra backup, live (astra)", $"{astra}/{SandboxIds.AstraLiveTask}"),
            new("CloudDC instance being installed, live (clouddc)", $"/console/sources/clouddc/projects/{SandboxIds.Project}/instances/{SandboxIds.CloudDcLiveInstance}/status"),
        ];
    }
}
