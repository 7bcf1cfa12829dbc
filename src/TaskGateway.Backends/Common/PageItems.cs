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

    /// <summary>Whether a marker-paged list (IoTDA) has ended.</summary>
    public static bool MarkerListEnded(int received, int requested, string? marker, long consumed, long? total) =>
        received < requested || marker is not { Length: > 0 } || (total is { } t && consumed >= t);
}
