using Google.Protobuf.Reflection;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Names;

namespace TaskGateway.Core.Sources;

/// <summary>
/// A backend kind's shape: its names (a task shape, and a parent shape when it can list), whether it has a single
/// GET, and its page sizes. Patterns and the collection id derive from the shapes.
/// </summary>
public sealed record BackendDescriptor(
    SourceKind Kind,
    NameShape TaskShape,
    NameShape? ParentShape,
    bool NativeGet,
    int DefaultPageSize,
    int MaxPageSize)
{
    /// <summary>The pattern of task names, e.g. <c>sources/{source}/accounts/{account}/tasks/{task}</c>.</summary>
    public string TaskNamePattern => "sources/{source}/" + TaskShape.Pattern;

    /// <summary>The pattern of the parents ListTasks takes; empty without a list.</summary>
    public string ListParentPattern => ParentShape is null ? string.Empty : "sources/{source}/" + ParentShape.Pattern;

    /// <summary>The collection id of the tasks under a parent (<c>tasks</c>, <c>scheduledTasks</c>); empty without a list.</summary>
    public string Collection => ParentShape is null ? string.Empty : TaskShape.Collection;

    /// <summary>Whether ListTasks works.</summary>
    public bool SupportsList => ParentShape is not null;

    /// <summary>
    /// Filter fields the backend's list items do not carry (a list that has no progress): a collection
    /// filter naming one would silently match nothing, so it is refused.
    /// </summary>
    public IReadOnlyList<string> ListLacks { get; init; } = [];

    /// <summary>The details message of this backend's tasks, whose scalar fields filters may name as details.FIELD.</summary>
    public MessageDescriptor? Details { get; init; }

    /// <summary>
    /// Whether a task that is done stays as it is (true for task records). False where done describes a resource's
    /// current state that an operation can change again (a stopped instance may be powered on): a watch with
    /// <c>until</c> then keeps polling after done.
    /// </summary>
    public bool DoneIsFinal { get; init; } = true;

    /// <summary>The filter fields ListTasks and WatchTasks accept on this backend (none without a list).</summary>
    public IReadOnlyList<string> FilterFields => SupportsList ? [.. TaskFields.Except(ListLacks)] : [];

    /// <summary>The fields WatchTask's until may name on this backend: every filter field and its details fields.</summary>
    public IReadOnlyList<string> TaskFields => [.. Filtering.FilterParser.Fields, .. Filtering.DetailsFields.Of(Details)];

    /// <summary>Why this backend cannot evaluate a filter (a field its tasks, or its list items, do not carry); null when it can.</summary>
    public string? Refuses(Filtering.TaskFilter filter, bool onList)
    {
        foreach (var field in filter.Fields)
        {
            if (onList && ListLacks.Contains(field))
            {
                return $"names {field}, which the list of a {Kind} source does not carry; GetTask returns it for one task, and ListSources shows the filter fields of each source";
            }

            if (Filtering.DetailsFields.IsDetails(field) && !Filtering.DetailsFields.Has(Details, field))
            {
                var own = Filtering.DetailsFields.Of(Details);
                return $"names {field}, which the details of a {Kind} source's tasks do not have; " +
                    (own.Count == 0 ? "they have no details fields" : $"theirs are {string.Join(", ", own)}");
            }
        }

        return null;
    }
}
