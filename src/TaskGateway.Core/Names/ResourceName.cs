namespace TaskGateway.Core.Names;

/// <summary>
/// A parsed resource name: <c>sources/{source}/</c>, then collection ids and ids in turn. The parser knows no backend:
/// it checks the generic segment rules and records the shape; the source's backend then checks that the shape is its
/// own and its ids' charsets, before any upstream call.
/// </summary>
public sealed class ResourceName
{
    private readonly string[] _segments;

    internal ResourceName(string source, string[] segments, bool isParent)
    {
        Source = source;
        _segments = segments;
        IsParent = isParent;
        Shape = NameShape.FromName(segments, 0);
    }

    /// <summary>The source alias.</summary>
    public string Source { get; }

    /// <summary>The shape, compared with the backend's declared task or parent shape.</summary>
    public NameShape Shape { get; }

    /// <summary>Whether this was parsed as a collection's parent rather than a task.</summary>
    public bool IsParent { get; }

    /// <summary>The id after <c>projects/</c>, or empty.</summary>
    public string Project => IdAfter("projects");

    /// <summary>The id after <c>instances/</c>, or empty.</summary>
    public string Instance => IdAfter("instances");

    /// <summary>The id after <c>accounts/</c>, or empty.</summary>
    public string Account => IdAfter("accounts");

    /// <summary>A task's own id: its last id, or empty for a parent or a singleton (CloudDC's status).</summary>
    public string Task => !IsParent && Shape.EndsWithId ? _segments[^1] : string.Empty;

    /// <summary>The id that follows a collection id in this name, or empty.</summary>
    public string IdAfter(string collection)
    {
        var at = Shape.IdAfter(collection);
        return at < 0 ? string.Empty : _segments[at];
    }

    /// <summary>The name as text.</summary>
    public string Format() => $"sources/{Source}/{string.Join('/', _segments)}";

    /// <summary>The parent that lists this task: the name less its last collection and id.</summary>
    public ResourceName Parent() => Shape.EndsWithId && _segments.Length >= 2
        ? new ResourceName(Source, _segments[..^2], isParent: true)
        : throw new InvalidOperationException($"{Format()} has no parent collection.");

    /// <summary>The name of a member of a collection under this parent, e.g. its listed tasks.</summary>
    public string Child(string collection, string id) => $"{Format()}/{collection}/{id}";

    /// <inheritdoc/>
    public override string ToString() => Format();
}
