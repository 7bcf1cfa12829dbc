namespace TaskGateway.Core.Names;

/// <summary>
/// The shape of a resource name after <c>sources/{source}/</c>, written as its pattern: collection ids alternating
/// with <c>{variable}</c> ids, optionally ending with a singleton (<c>projects/{project}/instances/{instance}/status</c>).
/// A backend declares its task and parent shapes once, in its own folder; names, patterns, collection ids and the
/// names of listed tasks all derive from them. Two shapes are equal when their literals are (variable names only
/// document).
/// </summary>
public sealed class NameShape : IEquatable<NameShape>
{
    private readonly string[] _segments;

    private NameShape(string pattern, string[] segments, string key)
    {
        Pattern = pattern;
        _segments = segments;
        Key = key;
    }

    /// <summary>The pattern, e.g. <c>projects/{project}/instances/{instance}/tasks/{task}</c>.</summary>
    public string Pattern { get; }

    /// <summary>The pattern with every id as <c>*</c>, as the proto's HTTP bindings write it.</summary>
    public string Key { get; }

    /// <summary>Whether the shape ends with an id (a collection member) rather than a singleton such as <c>status</c>.</summary>
    public bool EndsWithId => _segments.Length % 2 == 0;

    /// <summary>The collection the last id belongs to (<c>tasks</c>, <c>scheduledTasks</c>); empty for a singleton.</summary>
    public string Collection => EndsWithId ? _segments[^2] : string.Empty;

    /// <summary>Builds a shape from its pattern; throws on a malformed pattern (a programming error).</summary>
    public static NameShape Of(string pattern)
    {
        var segments = pattern.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var variable = segments[i].StartsWith('{') && segments[i].EndsWith('}');
            if (variable != (i % 2 == 1) || (!variable && !IsLiteral(segments[i])))
            {
                throw new ArgumentException($"'{pattern}' is not a name shape: literals and {{ids}} must alternate, starting with a literal.", nameof(pattern));
            }
        }

        return new NameShape(pattern, segments, KeyOf(segments));
    }

    /// <summary>The shape of parsed segments (ids already checked by the parser).</summary>
    internal static NameShape FromName(string[] segments)
    {
        var pattern = new string[segments.Length];
        for (var i = 0; i < segments.Length; i++)
        {
            pattern[i] = i % 2 == 1 ? "{id}" : segments[i];
        }

        return new NameShape(string.Join('/', pattern), pattern, KeyOf(pattern));
    }

    /// <summary>Whether name segments (after <c>sources/{source}/</c>) have this shape: same length, same literals.</summary>
    internal bool Matches(string[] segments)
    {
        if (segments.Length != _segments.Length)
        {
            return false;
        }

        for (var i = 0; i < segments.Length; i += 2)
        {
            if (!string.Equals(segments[i], _segments[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A collection id or singleton: a lower-case letter, then letters (lowerCamelCase, as AIP-122 asks).</summary>
    internal static bool IsLiteral(string value)
    {
        if (value.Length is 0 or > 32 || value[0] is < 'a' or > 'z')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public bool Equals(NameShape? other) => other is not null && Key == other.Key;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as NameShape);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);

    /// <inheritdoc/>
    public override string ToString() => Pattern;

    /// <summary>Equal shapes.</summary>
    public static bool operator ==(NameShape? left, NameShape? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Different shapes.</summary>
    public static bool operator !=(NameShape? left, NameShape? right) => !(left == right);

    private static string KeyOf(string[] segments) => string.Join('/', segments.Select((s, i) => i % 2 == 1 ? "*" : s));
}
