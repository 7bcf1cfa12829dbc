using TaskGateway.Backends.Common;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Names;

namespace TaskGateway.Backends.AstraTasks;

/// <summary>Astra account and task ids are UUIDs: letters, digits and '-'.</summary>
internal static class AstraTaskValidator
{
    private static readonly IdRule Account = new("account", 64, "letters, digits and '-'", IdRule.AlnumOrDash);
    private static readonly IdRule Task = new("task", 64, "letters, digits and '-'", IdRule.AlnumOrDash);

    public static IReadOnlyList<FieldViolation> Validate(ResourceName name, string field) => name.IsParent
        ? IdValidator.Check(field, (Account, name.Account))
        : IdValidator.Check(field, (Account, name.Account), (Task, name.Task));
}
