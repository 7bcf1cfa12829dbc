using TaskGateway.Contracts.V1;
using TaskGateway.Core.Names;

namespace TaskGateway.Core.Sources;

/// <summary>A backend kind's shape: its names, whether it has a single GET and a list, and its page sizes.</summary>
public sealed record BackendDescriptor(
    SourceKind Kind,
    NameShape TaskShape,
    NameShape? ParentShape,
    bool NativeGet,
    int DefaultPageSize,
    int MaxPageSize,
    string TaskNamePattern,
    string ListParentPattern)
{
    /// <summary>Whether ListTasks works.</summary>
    public bool SupportsList => ParentShape is not null;

    /// <summary>
    /// Filter fields the backend's list items do not carry (IoTDA instance task lists have no progress): a collection
    /// filter naming one would silently match nothing, so it is refused.
    /// </summary>
    public IReadOnlyList<string> ListLacks { get; init; } = [];

    /// <summary>The filter fields ListTasks and WatchTasks accept on this backend (none without a list).</summary>
    public IReadOnlyList<string> FilterFields => SupportsList ? [.. Filtering.FilterParser.Fields.Except(ListLacks)] : [];
}
