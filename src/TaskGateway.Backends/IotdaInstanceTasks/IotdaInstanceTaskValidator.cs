using TaskGateway.Backends.Common;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Names;

namespace TaskGateway.Backends.IotdaInstanceTasks;

/// <summary>The page's id rules: instance up to 36, task up to 64 characters of a-f, 0-9 and '-'.</summary>
internal static class IotdaInstanceTaskValidator
{
    private static readonly IdRule Project = new("project", 64, "letters, digits, '-' and '_'", IdRule.AlnumDashUnderscore);
    private static readonly IdRule Instance = new("instance", 36, "lower-case hex digits (a-f, 0-9) and '-'", IdRule.LowerHexOrDash);
    private static readonly IdRule Task = new("task", 64, "lower-case hex digits (a-f, 0-9) and '-'", IdRule.LowerHexOrDash);

    public static IReadOnlyList<FieldViolation> Validate(ResourceName name, string field) => name.IsParent
        ? IdValidator.Check(field, (Project, name.Project), (Instance, name.Instance))
        : IdValidator.Check(field, (Project, name.Project), (Instance, name.Instance), (Task, name.Task));
}
