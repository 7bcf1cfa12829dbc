namespace TaskGateway.Core.Names;

/// <summary>
/// A parsed resource name. Only the ids the shape has are set; the others are empty. The ids were checked
/// for the generic segment rules by <see cref="ResourceNameParser"/>; each backend's validator checks its own
/// charsets before any upstream call.
/// </summary>
public readonly record struct ResourceName(
    NameShape Shape,
    string Source,
    string Project,
    string Instance,
    string Account,
    string Task)
{
    /// <summary>The field a validation error about this name should point at.</summary>
    public string Format() => Shape switch
    {
        NameShape.InstanceTask => $"sources/{Source}/projects/{Project}/instances/{Instance}/tasks/{Task}",
        NameShape.ScheduledTask => $"sources/{Source}/projects/{Project}/instances/{Instance}/scheduledTasks/{Task}",
        NameShape.ExportTask => $"sources/{Source}/projects/{Project}/exportTasks/{Task}",
        NameShape.AccountTask => $"sources/{Source}/accounts/{Account}/tasks/{Task}",
        NameShape.InstanceStatus => $"sources/{Source}/projects/{Project}/instances/{Instance}/status",
        NameShape.InstanceParent => $"sources/{Source}/projects/{Project}/instances/{Instance}",
        NameShape.ProjectParent => $"sources/{Source}/projects/{Project}",
        NameShape.AccountParent => $"sources/{Source}/accounts/{Account}",
        _ => throw new InvalidOperationException($"Unknown shape {Shape}."),
    };

    /// <summary>Whether this is a parent (collection owner) rather than a task.</summary>
    public bool IsParent => Shape is NameShape.InstanceParent or NameShape.ProjectParent or NameShape.AccountParent;
}
