namespace TaskGateway.Core.Names;

/// <summary>
/// A parsed resource name: <c>sources/{source}/</c>, then collection ids and ids in turn. The parser knows no backend:
/// it checks the generic segment rules; the source's backend then checks that the name <see cref="Fits"/> its own
/// shape and its ids' charsets, before any upstream call. Parsing builds no shape: its text is the text parsed, and
/// fitting a shape compares literals in place.
/// </summary>
public sealed class ResourceName
{
    private readonly string[] _segments;
    private readonly string _text;
    private NameShape? _shape;

    internal ResourceName(string source, string[] segments, bool isParent, string? text = null)
    {
        Source = source;
        _segments = segments;
        IsParent = isParent;
        _text = text ?? $"sources/{source}/{string.Join('/', segments)}";
    }

    /// <summary>The source alias.</summary>
    public string Source { get; }

    /// <summary>The shape (ids as <c>{id}</c>), built on first use: messages and tests; <see cref="Fits"/> needs none.</summary>
    public NameShape Shape => _shape ??= NameShape.FromName(_segments);

    /// <summary>Whether this was parsed as a collection's parent rather than a task.</summary>
    public bool IsParent { get; }

    /// <summary>The id after <c>projects/</c>, or empty.</summary>
    public string Project => IdAfter("projects");

    /// <summary>The id after <c>instances/</c>, or empty.</summary>
    public string Instance => IdAfter("instances");

    /// <summary>The id after <c>accounts/</c>, or empty.</summary>
    public string Account => IdAfter("accounts");

    /// <summary>A task's own id: its last id, or empty for a parent or a singleton (an instance's status).</summary>
    public string Task => !IsParent && EndsWithId ? _segments[^1] : string.Empty;

    private bool EndsWithId => _segments.Length % 2 == 0;

    /// <summary>The id that follows a collection id in this name, or empty.</summary>
    public string IdAfter(string collection)
    {
        for (var i = 0; i + 1 < _segments.Length; i += 2)
        {
            if (_segments[i] == collection)
            {
                return _segments[i + 1];
            }
        }

        return string.Empty;
    }

    /// <summary>Whether the name has a shape: the same collection ids and singletons in the same places.</summary>
    public bool Fits(NameShape shape) => shape.Matches(_segments);

    /// <summary>The name as text.</summary>
    public string Format() => _text;

    /// <summary>The parent that lists this task: the name less its last collection and id.</summary>
    public ResourceName Parent() => EndsWithId && _segments.Length >= 2
        ? new ResourceName(Source, _segments[..^2], isParent: true)
        : throw new InvalidOperationException($"{Format()} has no parent collection.");

    /// <summary>The name of a member of a collection under this parent, e.g. its listed tasks.</summary>
    public string Child(string collection, string id) => $"{Format()}/{collection}/{id}";

    /// <inheritdoc/>
    public override string ToString() => Format();
}
