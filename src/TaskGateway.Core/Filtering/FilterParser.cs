using Google.Protobuf.WellKnownTypes;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Mapping;

namespace TaskGateway.Core.Filtering;

/// <summary>
/// Recursive-descent parser for the AIP-160 subset the gateway supports. Precedence, loosest first:
/// AND, OR, NOT (AIP-160 binds OR tighter than AND). The grammar is here; what each field means is in
/// FilterParser.Fields.cs.
/// </summary>
internal sealed partial class FilterParser
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
