using TaskGateway.Sandbox;

namespace TaskGateway.FunctionalTests;

/// <summary>Resource names of the sandbox's seeded tasks.</summary>
internal static class Names
{
    public const string P = SandboxIds.Project;
    public const string IotdaParent = $"sources/iotda/projects/{P}/instances/{SandboxIds.IotdaInstance}";
    public const string IotdaLive = $"{IotdaParent}/tasks/{SandboxIds.IotdaLiveTask}";
    public const string DmsParent = $"sources/dms/projects/{P}/instances/{SandboxIds.DmsInstance}";
    public const string DmsLive = $"{DmsParent}/scheduledTasks/{SandboxIds.DmsLiveTask}";
    public const string DmsOld = $"{DmsParent}/scheduledTasks/ff808082889e267601889e2d0000001c";
    public const string ExportsParent = $"sources/exports/projects/{P}";
    public const string ExportLive = $"{ExportsParent}/exportTasks/{SandboxIds.ExportLiveTask}";
    public const string AstraParent = $"sources/astra/accounts/{SandboxIds.AstraAccount}";
    public const string AstraLive = $"{AstraParent}/tasks/{SandboxIds.AstraLiveTask}";
    public const string AstraFailed = $"{AstraParent}/tasks/a1b2c3d4-0000-4000-8000-000000000007";
    public const string CloudDcLive = $"sources/clouddc/projects/{P}/instances/{SandboxIds.CloudDcLiveInstance}/status";
    public const string CloudDcError = $"sources/clouddc/projects/{P}/instances/cdc-err-04/status";
}
