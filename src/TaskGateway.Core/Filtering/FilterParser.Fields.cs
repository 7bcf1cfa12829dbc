using System.Collections.Frozen;
using System.Globalization;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Mapping;

namespace TaskGateway.Core.Filtering;

/// <summary>What each field a filter may name means: one table, from which the parser, the list of fields and the error messages all read.</summary>
internal sealed partial class FilterParser
{
    // How a comparison on one field becomes a predicate: the parser (for create_time's bounds), the field, the operator,
    // the value and whether the comparison sits at the top level of the filter.
    private delegate Func<CloudTask, bool> FieldRule(FilterParser parser, string field, string op, FilterToken value, bool topLevel);

    private static readonly EnumDescriptor StateEnum = CloudTask.Descriptor.EnumTypes.Single(e => e.Name == "State");
    private static readonly EnumDescriptor KindEnum = SourceReflection.Descriptor.EnumTypes.Single(e => e.Name == "SourceKind");

    // In the order the error message and the contract's comments list them.
    private static readonly (string Name, FieldRule Rule)[] Rules =
    [
        ("state", (_, f, op, v, _) => EnumEquality(f, op, v, StateEnum, "STATE_", t => (int)t.State)),
        ("done", (_, f, op, v, _) => Done(f, op, v)),
        ("kind", (_, f, op, v, _) => EnumEquality(f, op, v, KindEnum, "SOURCE_KIND_", t => (int)t.Kind)),
        ("type", (_, f, op, v, _) => Text(f, op, v.Text, t => t.Type)),
        ("source_state", (_, f, op, v, _) => Text(f, op, v.Text, t => t.SourceState)),
        ("parent", (_, f, op, v, _) => Text(f, op, v.Text, t => t.Parent)),
        ("name", (_, f, op, v, _) => Text(f, op, v.Text, t => t.Name)),
        ("source", (_, f, op, v, _) => Text(f, op, v.Text, t => t.Source)),
        ("status_message", (_, f, op, v, _) => Text(f, op, v.Text, t => t.StatusMessage)),
        ("progress_percent", (_, f, op, v, _) => Ordered(f, op, v, t => t.HasProgressPercent ? t.ProgressPercent : null)),
        ("create_time", (p, f, op, v, top) => p.Time(f, op, v, top, t => t.CreateTime)),
        ("start_time", (p, f, op, v, top) => p.Time(f, op, v, top, t => t.StartTime)),
        ("end_time", (p, f, op, v, top) => p.Time(f, op, v, top, t => t.EndTime)),
        ("update_time", (p, f, op, v, top) => p.Time(f, op, v, top, t => t.UpdateTime)),
        ("schedule_time", (p, f, op, v, top) => p.Time(f, op, v, top, t => t.ScheduleTime)),
    ];

    private static readonly FrozenDictionary<string, FieldRule> RuleByName = Rules.ToFrozenDictionary(r => r.Name, r => r.Rule, StringComparer.Ordinal);

    /// <summary>
    /// The fields a filter may name: the one list the error message and the contract's comments give. Besides them,
    /// <c>details.FIELD</c> names a scalar field of the task's details message (see <see cref="DetailsFields"/>).
    /// </summary>
    public static IReadOnlyList<string> Fields { get; } = [.. Rules.Select(r => r.Name)];

    private Func<CloudTask, bool> Comparison(string field, string op, FilterToken value, bool topLevel)
    {
        // An unknown field throws below, and the whole parse with it.
        _fields.Add(field);
        if (RuleByName.TryGetValue(field, out var rule))
        {
            return rule(this, field, op, value, topLevel);
        }

        return DetailsFields.IsDetails(field)
            ? Details(field, op, value)
            : throw FilterLexer.Invalid($"names an unknown field '{field}'; supported: {string.Join(", ", Fields)}, and details.FIELD for a field of the task's details");
    }

    private static Func<CloudTask, bool> Details(string field, string op, FilterToken value)
    {
        var name = field[DetailsFields.Prefix.Length..];
        switch (DetailsFields.KindOf(name))
        {
            case DetailsValueKind.Text:
                return Text(field, op, value.Text, t => DetailsFields.Read(t, name) as string);
            case DetailsValueKind.Bool:
                var flag = Flag(field, value);
                return Equality(field, op, t => DetailsFields.Read(t, name) is bool b && b == flag);
            case DetailsValueKind.Number:
                return Ordered(field, op, value, t => DetailsFields.Read(t, name) is { } actual
                    ? Convert.ToDouble(actual, CultureInfo.InvariantCulture)
                    : null);
            default:
                throw FilterLexer.Invalid($"names an unknown details field '{name}'; details fields: {string.Join(", ", DetailsFields.Names)} (ListSources shows each source's)");
        }
    }

    private Func<CloudTask, bool> Time(string field, string op, FilterToken value, bool topLevel, Func<CloudTask, Timestamp?> get)
    {
        if (!TimestampParser.TryParse(value.Text, out var bound))
        {
            throw FilterLexer.Invalid($"compares {field} with '{value.Text}', which is not an RFC 3339 timestamp such as \"2024-01-01T00:00:00Z\"");
        }

        if (topLevel && field == "create_time")
        {
            if (op is ">" or ">=" or "=" && (_after is null || bound > _after))
            {
                _after = bound;
            }

            if (op is "<" or "<=" or "=" && (_before is null || bound < _before))
            {
                _before = bound;
            }
        }

        var compare = Ordering(field, op);
        return t => get(t) is { } actual ? compare(actual.CompareTo(bound)) : op == "!=";
    }

    private static Func<CloudTask, bool> Equality(string field, string op, Func<CloudTask, bool> equals) => op switch
    {
        "=" => equals,
        "!=" => t => !equals(t),
        _ => throw FilterLexer.Invalid($"compares {field} with '{op}'; only = and != apply to it"),
    };

    // A string field; a task without the field (null) equals nothing.
    private static Func<CloudTask, bool> Text(string field, string op, string expected, Func<CloudTask, string?> get)
    {
        // AIP-160: a trailing '*' in an equality is a prefix match.
        var prefix = expected.EndsWith('*') ? expected[..^1] : null;
        Func<CloudTask, bool> equals = prefix is not null
            ? t => get(t) is { } actual && actual.StartsWith(prefix, StringComparison.Ordinal)
            : t => string.Equals(get(t), expected, StringComparison.Ordinal);
        return Equality(field, op, equals);
    }

    private static Func<CloudTask, bool> Done(string field, string op, FilterToken value)
    {
        var done = Flag(field, value);
        return Equality(field, op, t => t.Done == done);
    }

    private static bool Flag(string field, FilterToken value) => value.Text switch
    {
        "true" => true,
        "false" => false,
        _ => throw FilterLexer.Invalid($"compares {field} with '{value.Text}'; use true or false"),
    };

    // A number field; a task without the field (null) matches only !=.
    private static Func<CloudTask, bool> Ordered(string field, string op, FilterToken value, Func<CloudTask, double?> get)
    {
        if (!double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            throw FilterLexer.Invalid($"compares {field} with '{value.Text}', which is not a number");
        }

        var compare = Ordering(field, op);
        return t => get(t) is { } actual ? compare(actual.CompareTo(number)) : op == "!=";
    }

    private static Func<int, bool> Ordering(string field, string op) => op switch
    {
        "=" => c => c == 0,
        "!=" => c => c != 0,
        "<" => c => c < 0,
        "<=" => c => c <= 0,
        ">" => c => c > 0,
        ">=" => c => c >= 0,
        _ => throw FilterLexer.Invalid($"compares {field} with an unknown operator '{op}'"),
    };

    // An enum field compared by the value's name as the contract spells it (STATE_RUNNING), with or without the enum's
    // prefix (RUNNING): the names come from the descriptor, which holds them, rather than rebuilt from C# member names.
    private static Func<CloudTask, bool> EnumEquality(string field, string op, FilterToken value, EnumDescriptor descriptor, string prefix, Func<CloudTask, int> get)
    {
        var text = value.Text.StartsWith(prefix, StringComparison.Ordinal) ? value.Text[prefix.Length..] : value.Text;
        if (descriptor.FindValueByName(prefix + text) is not { } match)
        {
            var allowed = string.Join(", ", descriptor.Values.Select(v => v.Name[prefix.Length..]));
            throw FilterLexer.Invalid($"compares {field} with '{value.Text}'; use one of {allowed}");
        }

        var number = match.Number;
        return Equality(field, op, t => get(t) == number);
    }
}
