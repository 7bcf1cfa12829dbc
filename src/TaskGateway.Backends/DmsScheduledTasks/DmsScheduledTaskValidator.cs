using TaskGateway.Backends.Common;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Names;

namespace TaskGateway.Backends.DmsScheduledTasks;

/// <summary>DMS ids: instance and task ids are letters, digits and '-', up to 64.</summary>
internal static class DmsScheduledTaskValidator
{
    private static readonly IdRule Project = new("project", 64, "letters, digits, '-' and '_'", IdRule.AlnumDashUnderscore);
    private static readonly IdRule Instance = new("instance", 64, "letters, digits and '-'", IdRule.AlnumOrDash);
    private static readonly IdRule Task = new("task", 64, "letters, digits and '-'", IdRule.AlnumOrDash);

    public static IReadOnlyList<FieldViolation> Validate(ResourceName name, string field) => name.IsParent
        ? IdValidator.Check(field, (Project, name.Project), (Instance, name.Instance))
        : IdValidator.Check(field, (Project, name.Project), (Instance, name.Instance), (Task, name.Task));
}
