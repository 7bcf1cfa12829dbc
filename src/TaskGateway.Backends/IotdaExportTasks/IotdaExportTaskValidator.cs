using TaskGateway.Backends.Common;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Names;

namespace TaskGateway.Backends.IotdaExportTasks;

/// <summary>Export task ids are letters and digits (e.g. jeQDJQZltU8iKgFFoW060F5SGZka); '-' and '_' are allowed too.</summary>
internal static class IotdaExportTaskValidator
{
    private static readonly IdRule Project = new("project", 64, "letters, digits, '-' and '_'", IdRule.AlnumDashUnderscore);
    private static readonly IdRule Task = new("task", 64, "letters, digits, '-' and '_'", IdRule.AlnumDashUnderscore);

    public static IReadOnlyList<FieldViolation> Validate(ResourceName name, string field) => name.IsParent
        ? IdValidator.Check(field, (Project, name.Project))
        : IdValidator.Check(field, (Project, name.Project), (Task, name.Task));
}
