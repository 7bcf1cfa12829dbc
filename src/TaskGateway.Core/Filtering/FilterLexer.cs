using TaskGateway.Core.Errors;

namespace TaskGateway.Core.Filtering;

/// <summary>Splits an AIP-160 filter into tokens: parentheses, comparators, quoted strings and bare words.</summary>
internal static class FilterLexer
{
    public const int MaxLength = 2048;

    public static List<FilterToken> Tokenize(string text)
    {
        if (text.Length > MaxLength)
        {
            throw Invalid($"is longer than {MaxLength} characters");
        }

        var tokens = new List<FilterToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                i++;
                continue;
            }

            if (char.IsControl(c))
            {
                throw Invalid($"has a control character at position {i + 1}");
            }

            tokens.Add(c is '"' or '\'' ? ReadString(text, ref i) : ReadOperator(text, ref i) ?? ReadWord(text, ref i));
        }

        return tokens;
    }

    // A parenthesis or a comparator at i; null when the character there starts neither.
    private static FilterToken? ReadOperator(string text, ref int i)
    {
        var c = text[i];
        switch (c)
        {
            case '(' or ')':
                return new FilterToken(c == '(' ? FilterTokenKind.Open : FilterTokenKind.Close, c.ToString(), i++);
            case '=':
                return new FilterToken(FilterTokenKind.Comparator, "=", i++);
            case '!' or '<' or '>':
                var two = i + 1 < text.Length && text[i + 1] == '=';
                if (c == '!' && !two)
                {
                    throw Invalid($"has '!' without '=' at position {i + 1}");
                }

                var token = new FilterToken(FilterTokenKind.Comparator, two ? text.Substring(i, 2) : c.ToString(), i);
                i += two ? 2 : 1;
                return token;
            default:
                return null;
        }
    }

    // A bare word (a field, a value, AND, OR, NOT) at i; anything else there is not part of the grammar.
    private static FilterToken ReadWord(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && IsWordChar(text[i]))
        {
            i++;
        }

        if (i == start)
        {
            throw Invalid($"has an unexpected character '{text[i]}' at position {i + 1}; supported operators are = != < > <= >= AND OR NOT");
        }

        return new FilterToken(FilterTokenKind.Word, text[start..i], start);
    }

    private static FilterToken ReadString(string text, ref int i)
    {
        var quote = text[i];
        var start = i++;
        var value = new System.Text.StringBuilder();
        while (i < text.Length && text[i] != quote)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
            }

            if (char.IsControl(text[i]))
            {
                throw Invalid($"has a control character at position {i + 1}");
            }

            value.Append(text[i++]);
        }

        if (i >= text.Length)
        {
            throw Invalid($"has an unterminated string starting at position {start + 1}");
        }

        i++;
        return new FilterToken(FilterTokenKind.String, value.ToString(), start);
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '+' or ':' or '*';

    internal static RequestValidationException Invalid(string description) => new("filter", description);
}
