using TaskGateway.Contracts.V1;
using TaskGateway.Core.Filtering;

namespace TaskGateway.Backends.Common;

/// <summary>Maps one backend page to the tasks that pass the filter, skipping records without an id.</summary>
internal static class PageItems
{
    public static List<CloudTask> Collect<T>(IReadOnlyList<T> items, Func<T, string?> id, Func<T, string, CloudTask> map, TaskFilter filter)
    {
        var tasks = new List<CloudTask>(items.Count);
        foreach (var item in items)
        {
            if (id(item) is not { Length: > 0 } key)
            {
                continue;
            }

            var task = map(item, key);
            if (filter.Matches(task))
            {
                tasks.Add(task);
            }
        }

        return tasks;
    }

    /// <summary>
    /// Whether a marker-paged list (IoTDA) has ended: a page shorter than asked for, or no marker to go on from. Not
    /// page.count: it is the total when the list was read, which tasks created meanwhile outgrow, so trusting it would
    /// drop them; a full last page costs one more (empty) request instead.
    /// </summary>
    public static bool MarkerListEnded(int received, int requested, string? marker) =>
        received < requested || marker is not { Length: > 0 };
}
