using TaskGateway.Backends.Common;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Names;

namespace TaskGateway.Backends.CloudDcInstanceStatus;

/// <summary>CloudDC instance ids are returned by CreateInstance: letters, digits, '-' and '_'.</summary>
internal static class CloudDcInstanceStatusValidator
{
    private static readonly IdRule Project = new("project", 64, "letters, digits, '-' and '_'", IdRule.AlnumDashUnderscore);
    private static readonly IdRule Instance = new("instance", 64, "letters, digits, '-' and '_'", IdRule.AlnumDashUnderscore);

    public static IReadOnlyList<FieldViolation> Validate(ResourceName name, string field) =>
        IdValidator.Check(field, (Project, name.Project), (Instance, name.Instance));
}
