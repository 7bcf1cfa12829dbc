using System.Security.Cryptography;
using System.Text;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Filtering;

namespace TaskGateway.Watch;

/// <summary>
/// What one watcher has been told, task by task (the informer's local cache). Diffing it against a snapshot
/// gives exactly the events the watcher lacks, so a watcher that skipped snapshots still converges, and an
/// unchanged task never produces an event.
/// </summary>
internal sealed class TaskView
{
    private readonly Dictionary<string, CloudTask> _tasks = new(StringComparer.Ordinal);

    /// <summary>Applies a snapshot; returns the events that bring the watcher up to date.</summary>
    public List<(WatchEventType Type, CloudTask Task)> Apply(IReadOnlyList<CloudTask> tasks, TaskFilter filter, WatchEventType addedType)
    {
        var events = new List<(WatchEventType, CloudTask)>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            if (!filter.Matches(task) || !present.Add(task.Name))
            {
                continue;
            }

            if (!_tasks.TryGetValue(task.Name, out var known))
            {
                events.Add((addedType, task));
            }
            else if (known.Etag != task.Etag)
            {
                events.Add((WatchEventType.Modified, task));
            }

            _tasks[task.Name] = task;
        }

        if (present.Count != _tasks.Count)
        {
            foreach (var gone in _tasks.Keys.Where(k => !present.Contains(k)).ToList())
            {
                events.Add((WatchEventType.Removed, _tasks[gone]));
                _tasks.Remove(gone);
            }
        }

        return events;
    }

    /// <summary>A digest of the view (names and etags), which resume tokens carry.</summary>
    public string Digest()
    {
        var builder = new StringBuilder();
        foreach (var (name, task) in _tasks.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            builder.Append(name).Append('\0').Append(task.Etag).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())).AsSpan(0, 16));
    }
}
