using Google.Protobuf;
using Google.Protobuf.Reflection;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Core.Filtering;

/// <summary>
/// The filter fields <c>details.FIELD</c>: a scalar field of the task's details message, the backend's own record.
/// They make a backend's own state filterable whatever the normalised state says (a watcher can wait for
/// <c>details.state = running</c> after a power-on although <c>stopped</c> counts as done).
/// </summary>
internal static class DetailsFields
{
    /// <summary>The prefix of every details field in a filter.</summary>
    public const string Prefix = "details.";

    private static readonly OneofDescriptor Oneof = CloudTask.Descriptor.Oneofs.Single(o => o.Name == "details");

    // Every scalar field of every details message, by name; a name may occur in several messages.
    private static readonly Dictionary<string, FieldDescriptor[]> ByName = Oneof.Fields
        .SelectMany(f => f.MessageType.Fields.InDeclarationOrder())
        .Where(IsScalar)
        .GroupBy(f => f.Name, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

    /// <summary>The details fields a filter may name for a backend whose tasks carry the given details message.</summary>
    public static IReadOnlyList<string> Of(MessageDescriptor? details) =>
        details is null ? [] : [.. details.Fields.InDeclarationOrder().Where(IsScalar).Select(f => Prefix + f.Name)];

    /// <summary>Whether a details message has a details field (<c>details.NAME</c>) as a scalar.</summary>
    public static bool Has(MessageDescriptor? details, string field) =>
        details is not null && IsDetails(field) && details.FindFieldByName(field[Prefix.Length..]) is { } f && IsScalar(f);

    /// <summary>Whether a field name is a details field.</summary>
    public static bool IsDetails(string field) => field.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>What kind of value a details field holds, or null when no details message has it as a scalar.</summary>
    internal static DetailsValueKind? KindOf(string name)
    {
        if (!ByName.TryGetValue(name, out var fields))
        {
            return null;
        }

        var kinds = fields.Select(ValueKindOf).Distinct().ToArray();
        // No two details messages give one name different kinds today; should one, comparing it as text still works.
        return kinds.Length == 1 ? kinds[0] : DetailsValueKind.Text;
    }

    /// <summary>Every details field name, for error messages.</summary>
    internal static IEnumerable<string> Names => ByName.Keys.Order(StringComparer.Ordinal);

    /// <summary>The value of a details field on a task; null when the task has no such details field or leaves it unset.</summary>
    internal static object? Read(CloudTask task, string name)
    {
        var caseField = Oneof.Accessor.GetCaseFieldDescriptor(task);
        if (caseField?.Accessor.GetValue(task) is not IMessage details)
        {
            return null;
        }

        var field = details.Descriptor.FindFieldByName(name);
        if (field is null || !IsScalar(field) || (field.HasPresence && !field.Accessor.HasValue(details)))
        {
            return null;
        }

        var value = field.Accessor.GetValue(details);
        return field.FieldType == FieldType.Enum ? field.EnumType.FindValueByNumber((int)value)?.Name ?? value.ToString() : value;
    }

    private static bool IsScalar(FieldDescriptor field) =>
        !field.IsRepeated && !field.IsMap && field.FieldType is not (FieldType.Message or FieldType.Group or FieldType.Bytes);

    private static DetailsValueKind ValueKindOf(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Bool => DetailsValueKind.Bool,
        FieldType.String or FieldType.Enum => DetailsValueKind.Text,
        _ => DetailsValueKind.Number,
    };
}
