namespace TaskGateway.Core.Names;

/// <summary>The shapes a resource name can have; each backend kind owns one task shape and one parent shape.</summary>
public enum NameShape
{
    /// <summary>sources/{s}/projects/{p}/instances/{i}/tasks/{t}</summary>
    InstanceTask,
    /// <summary>sources/{s}/projects/{p}/instances/{i}/scheduledTasks/{t}</summary>
    ScheduledTask,
    /// <summary>sources/{s}/projects/{p}/exportTasks/{t}</summary>
    ExportTask,
    /// <summary>sources/{s}/accounts/{a}/tasks/{t}</summary>
    AccountTask,
    /// <summary>sources/{s}/projects/{p}/instances/{i}/status</summary>
    InstanceStatus,
    /// <summary>sources/{s}/projects/{p}/instances/{i}: parent of tasks and scheduledTasks.</summary>
    InstanceParent,
    /// <summary>sources/{s}/projects/{p}: parent of exportTasks.</summary>
    ProjectParent,
    /// <summary>sources/{s}/accounts/{a}: parent of Astra tasks.</summary>
    AccountParent,
}
