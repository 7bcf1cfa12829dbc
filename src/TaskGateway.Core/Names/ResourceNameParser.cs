namespace TaskGateway.Core.Names;

/// <summary>
/// Parses resource names strictly and without knowing any backend: <c>sources/{source}/</c>, then lowerCamelCase
/// collection ids and ids made only of characters no backend path can misread, in turn. The source's backend then
/// accepts only its own shapes (<see cref="Sources.SourceRegistry.Resolve"/>). Anything else is refused before any
/// upstream call.
/// </summary>
public static class ResourceNameParser
{
    /// <summary>The longest id the gateway accepts in any segment; backends narrow it further.</summary>
    public const int MaxIdLength = 64;

    /// <summary>The longest whole name accepted, to bound parsing work.</summary>
    public const int MaxNameLength = 512;

    /// <summary>Parses a task name (the argument of GetTask).</summary>
    public static bool TryParseTask(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ResourceName? name, out string error) =>
        TryParse(value, parent: false, out name, out error);

    /// <summary>Parses a collection parent (the argument of ListTasks).</summary>
    public static bool TryParseParent(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ResourceName? name, out string error) =>
        TryParse(value, parent: true, out name, out error);

    private static bool TryParse(string? value, bool parent, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ResourceName? name, out string error)
    {
        name = null;
        if (string.IsNullOrEmpty(value))
        {
            error = "is required";
            return false;
        }

        if (value.Length > MaxNameLength)
        {
            error = $"is longer than {MaxNameLength} characters";
            return false;
        }

        // Each check names the first thing wrong, so a caller fixes the name from its start.
        var segments = value.Split('/');
        error = SourceError(segments) ?? IdError(segments) ?? CollectionError(segments) ?? ShapeError(segments.Length - 2, parent) ?? string.Empty;
        if (error.Length > 0)
        {
            return false;
        }

        name = new ResourceName(segments[1], segments[2..], parent, value);
        return true;
    }

    // No empty segment, then sources/{source} with a valid alias.
    private static string? SourceError(string[] segments)
    {
        foreach (var segment in segments)
        {
            if (segment.Length == 0)
            {
                return "has an empty segment (a leading, trailing or doubled '/')";
            }
        }

        if (segments[0] != "sources" || segments.Length < 2)
        {
            return "must start with 'sources/{source}/'";
        }

        return IsSourceAlias(segments[1])
            ? null
            : "has an invalid source alias: use 1 to 63 lower-case letters, digits or '-', starting with a letter";
    }

    // Every id after the source: segments 4, 6, and so on.
    private static string? IdError(string[] segments)
    {
        for (var i = 3; i < segments.Length; i += 2)
        {
            if (!IsId(segments[i]))
            {
                return $"has an invalid id in segment {i + 1}: use 1 to {MaxIdLength} letters, digits, '-' or '_'";
            }
        }

        return null;
    }

    // Collection ids and ids alternate after the source: every collection id (segments 3, 5, ...) is a literal.
    private static string? CollectionError(string[] segments)
    {
        for (var i = 2; i < segments.Length; i += 2)
        {
            if (!NameShape.IsLiteral(segments[i]))
            {
                return $"has an invalid collection id in segment {i + 1}: use lowerCamelCase letters";
            }
        }

        return null;
    }

    // A task may end with a singleton (status), a parent ends with an id.
    private static string? ShapeError(int restLength, bool parent)
    {
        if (restLength == 0 || (parent && restLength % 2 == 1))
        {
            return parent
                ? "must be a collection's parent such as sources/{source}/projects/{project}; ListSources shows each source's pattern"
                : "must be a task name such as sources/{source}/projects/{project}/instances/{instance}/tasks/{task}; ListSources shows each source's pattern";
        }

        return null;
    }

    /// <summary>Whether a string is a valid source alias: [a-z][a-z0-9-]{0,62}.</summary>
    public static bool IsSourceAlias(string value)
    {
        if (value.Length is 0 or > 63 || value[0] is < 'a' or > 'z')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsId(string value)
    {
        if (value.Length > MaxIdLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
