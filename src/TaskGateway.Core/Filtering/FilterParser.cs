using Google.Protobuf.WellKnownTypes;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Mapping;

namespace TaskGateway.Core.Filtering;

/// <summary>
/// Recursive-descent parser for the AIP-160 subset the gateway supports. Precedence, loosest first:
/// AND, OR, NOT (AIP-160 binds OR tighter than AND).
/// </summary>
internal sealed class FilterParser
{
    private const int MaxDepth = 32;
    private readonly string _text;
    private readonly List<FilterToken> _tokens;
    private int _next;
    private int _depth;
    private Timestamp? _after;
    private Timestamp? _before;
    private readonly SortedSet<string> _fields = new(StringComparer.Ordinal);

    public FilterParser(string text)
    {
        _text = text;
        _tokens = FilterLexer.Tokenize(text);
    }

    public TaskFilter Parse()
    {
        if (_tokens.Count == 0)
        {
            return TaskFilter.All;
        }

        var predicate = ParseAnd(topLevel: true);
        if (_next < _tokens.Count)
        {
            throw Unexpected(_tokens[_next]);
        }

        return new TaskFilter(_text, predicate, _after, _before, [.. _fields]);
    }

    private Func<CloudTask, bool> ParseAnd(bool topLevel)
    {
        var parts = new List<Func<CloudTask, bool>> { ParseOr(topLevel) };
        while (PeekWord("AND"))
        {
            _next++;
            parts.Add(ParseOr(topLevel));
        }

        return parts.Count == 1 ? parts[0] : t => parts.TrueForAll(p => p(t));
    }

    private Func<CloudTask, bool> ParseOr(bool topLevel)
    {
        var (after, before) = (_after, _before);
        var first = ParseUnary(topLevel);
        if (!PeekWord("OR"))
        {
            return first;
        }

        // Bounds found under an OR do not bind the whole filter: forget them.
        var parts = new List<Func<CloudTask, bool>> { first };
        while (PeekWord("OR"))
        {
            _next++;
            parts.Add(ParseUnary(topLevel: false));
        }

        (_after, _before) = (after, before);

        return t => parts.Exists(p => p(t));
    }

    private Func<CloudTask, bool> ParseUnary(bool topLevel)
    {
        if (++_depth > MaxDepth)
        {
            throw FilterLexer.Invalid($"nests deeper than {MaxDepth} levels");
        }

        try
        {
            if (PeekWord("NOT"))
            {
                _next++;
                var inner = ParseUnary(topLevel: false);
                return t => !inner(t);
            }

            var token = Take("a comparison or '('");
            if (token.Kind == FilterTokenKind.Open)
            {
                var inner = ParseAnd(topLevel: false);
                var close = Take("')'");
                if (close.Kind != FilterTokenKind.Close)
                {
                    throw Unexpected(close);
                }

                return inner;
            }

            if (token.Kind != FilterTokenKind.Word)
            {
                throw Unexpected(token);
            }

            var op = Take("a comparator (= != < > <= >=)");
            if (op.Kind != FilterTokenKind.Comparator)
            {
                throw FilterLexer.Invalid($"expects a comparator after '{token.Text}' at position {op.Position + 1}; the ':' (has) operator is not supported");
            }

            var value = Take("a value");
            if (value.Kind is not (FilterTokenKind.Word or FilterTokenKind.String))
            {
                throw Unexpected(value);
            }

            return Comparison(token.Text, op.Text, value, topLevel);
        }
        finally
        {
            _depth--;
        }
    }

    /// <summary>
    /// The fields a filter may name: the one list the error message and the contract's comments give. Besides them,
    /// <c>details.FIELD</c> names a scalar field of the task's details message (see <see cref="DetailsFields"/>).
    /// </summary>
    public static IReadOnlyList<string> Fields { get; } =
        ["state", "done", "kind", "type", "source_state", "parent", "name", "source", "status_message", "progress_percent",
         "create_time", "start_time", "end_time", "update_time", "schedule_time"];

    private Func<CloudTask, bool> Comparison(string field, string op, FilterToken value, bool topLevel)
    {
        // An unknown field throws below, and the whole parse with it.
        _fields.Add(field);
        switch (field)
        {
            case "state":
                var state = EnumValue<CloudTask.Types.State>(field, value, "STATE_");
                return Equality(field, op, t => t.State == state);
            case "kind":
                var kind = EnumValue<SourceKind>(field, value, "SOURCE_KIND_");
                return Equality(field, op, t => t.Kind == kind);
            case "done":
                var done = Flag(field, value);
                return Equality(field, op, t => t.Done == done);
            case "type":
                return Text(field, op, value.Text, t => t.Type);
            case "source_state":
                return Text(field, op, value.Text, t => t.SourceState);
            case "parent":
                return Text(field, op, value.Text, t => t.Parent);
            case "name":
                return Text(field, op, value.Text, t => t.Name);
            case "source":
                return Text(field, op, value.Text, t => t.Source);
            case "status_message":
                return Text(field, op, value.Text, t => t.StatusMessage);
            case "progress_percent":
                return Ordered(field, op, value, t => t.HasProgressPercent ? t.ProgressPercent : null);
            case "create_time" or "start_time" or "end_time" or "update_time" or "schedule_time":
                return Time(field, op, value, topLevel);
            case not null when DetailsFields.IsDetails(field):
                return Details(field, op, value);
            default:
                throw FilterLexer.Invalid($"names an unknown field '{field}'; supported: {string.Join(", ", Fields)}, and details.FIELD for a field of the task's details");
        }
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
                    ? Convert.ToDouble(actual, System.Globalization.CultureInfo.InvariantCulture)
                    : null);
            default:
                throw FilterLexer.Invalid($"names an unknown details field '{name}'; details fields: {string.Join(", ", DetailsFields.Names)} (ListSources shows each source's)");
        }
    }

    private Func<CloudTask, bool> Time(string field, string op, FilterToken value, bool topLevel)
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
        Func<CloudTask, Timestamp?> get = field switch
        {
            "create_time" => t => t.CreateTime,
            "start_time" => t => t.StartTime,
            "end_time" => t => t.EndTime,
            "update_time" => t => t.UpdateTime,
            _ => t => t.ScheduleTime,
        };
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

    private static bool Flag(string field, FilterToken value) => value.Text switch
    {
        "true" => true,
        "false" => false,
        _ => throw FilterLexer.Invalid($"compares {field} with '{value.Text}'; use true or false"),
    };

    // A number field; a task without the field (null) matches only !=.
    private static Func<CloudTask, bool> Ordered(string field, string op, FilterToken value, Func<CloudTask, double?> get)
    {
        if (!double.TryParse(value.Text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number))
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

    private static T EnumValue<T>(string field, FilterToken value, string prefix)
        where T : struct, System.Enum
    {
        var text = value.Text.StartsWith(prefix, StringComparison.Ordinal) ? value.Text[prefix.Length..] : value.Text;
        foreach (var candidate in System.Enum.GetValues<T>())
        {
            var name = ProtoEnumName(candidate.ToString());
            if (name == text)
            {
                return candidate;
            }
        }

        var allowed = string.Join(", ", System.Enum.GetValues<T>().Select(v => ProtoEnumName(v.ToString())));
        throw FilterLexer.Invalid($"compares {field} with '{value.Text}'; use one of {allowed}");
    }

    // The C# enum member for STATE_RUNNING is Running, for a value such as SOURCE_KIND_FOO_BAR_TASK FooBarTask.
    private static string ProtoEnumName(string csharpName)
    {
        var builder = new System.Text.StringBuilder(csharpName.Length + 8);
        for (var i = 0; i < csharpName.Length; i++)
        {
            var c = csharpName[i];
            if (i > 0 && char.IsUpper(c))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(c));
        }

        return builder.ToString();
    }

    private bool PeekWord(string word) =>
        _next < _tokens.Count && _tokens[_next].Kind == FilterTokenKind.Word && _tokens[_next].Text == word;

    private FilterToken Take(string expected)
    {
        if (_next >= _tokens.Count)
        {
            throw FilterLexer.Invalid($"ends where {expected} was expected");
        }

        return _tokens[_next++];
    }

    private static Errors.RequestValidationException Unexpected(FilterToken token) =>
        FilterLexer.Invalid($"has an unexpected '{token.Text}' at position {token.Position + 1}");
}
