using TaskGateway.Core.Names;

namespace TaskGateway.Backends.Common;

/// <summary>Builds the resource names of returned tasks from the parent and the backend's id.</summary>
internal static class TaskNames
{
    public static string InstanceTask(ResourceName parent, string id) => $"sources/{parent.Source}/projects/{parent.Project}/instances/{parent.Instance}/tasks/{id}";

    public static string ScheduledTask(ResourceName parent, string id) => $"sources/{parent.Source}/projects/{parent.Project}/instances/{parent.Instance}/scheduledTasks/{id}";

    public static string ExportTask(ResourceName parent, string id) => $"sources/{parent.Source}/projects/{parent.Project}/exportTasks/{id}";

    public static string AccountTask(ResourceName parent, string id) => $"sources/{parent.Source}/accounts/{parent.Account}/tasks/{id}";

    public static ResourceName InstanceParentOf(ResourceName name) => name with { Shape = NameShape.InstanceParent, Task = "" };

    public static ResourceName ProjectParentOf(ResourceName name) => name with { Shape = NameShape.ProjectParent, Task = "" };

    public static ResourceName AccountParentOf(ResourceName name) => name with { Shape = NameShape.AccountParent, Task = "" };
}
