using System.Collections.Concurrent;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Names;
using TaskGateway.Core.Paging;
using TaskGateway.Core.Resilience;
using TaskGateway.Core.Sources;

namespace TaskGateway.FunctionalTests.SixthBackend;

/// <summary>
/// A sixth backend kind that exists only in this test project: tasks held in memory, under Astra's name shape
/// (accounts/{account}/tasks/{task}), with no details message. It proves that a new backend is one class and one
/// registration: nothing in the gateway's own code knows it.
/// </summary>
internal sealed class MemoryTaskBackend : IListingBackend
{
    /// <summary>The one registration: add it as a BackendKind singleton and configure sources of Kind MemoryTask.</summary>
    public static BackendKind Registration { get; } = new("MemoryTask",
        new BackendDescriptor(SourceKind.Unspecified, NameShape.Of("accounts/{account}/tasks/{task}"), NameShape.Of("accounts/{account}"), NativeGet: true, DefaultPageSize: 2, MaxPageSize: 5),
        source => new MemoryTaskBackend(source.Alias));

    /// <summary>The tasks of every source of this kind, by task id; a test sets them.</summary>
    public static ConcurrentDictionary<string, (CloudTask.Types.State State, double Progress)> Tasks { get; } = new();

    /// <summary>Every upstream call made, with its purpose: the caller context reaches a new backend as a value too.</summary>
    public static ConcurrentQueue<UpstreamPurpose> Calls { get; } = new();

    private readonly string _alias;

    private MemoryTaskBackend(string alias) => _alias = alias;

    public BackendDescriptor Descriptor => Registration.Descriptor;

    public IReadOnlyList<FieldViolation> Validate(ResourceName name, string field) =>
        new IdRule(field, 16, "letters and digits", char.IsAsciiLetterOrDigit).Check(name.IsParent ? name.Account : name.Task) is { } problem
            ? [new FieldViolation(field, problem)]
            : [];

    public Task<CloudTask> GetTaskAsync(ResourceName name, UpstreamCall upstream, CancellationToken cancellationToken)
    {
        Calls.Enqueue(upstream.Purpose);
        return Tasks.TryGetValue(name.Task, out var task)
            ? Task.FromResult(Map(name.Parent(), name.Task, task))
            : throw new GatewayException(Grpc.Core.StatusCode.NotFound, ErrorReason.TaskNotFound, $"No task {name.Task}.");
    }

    public Task<TaskPage> ListTasksAsync(ResourceName parent, ListQuery query, UpstreamCall upstream, CancellationToken cancellationToken)
    {
        Calls.Enqueue(upstream.Purpose);
        var all = Tasks.OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        var start = (int)query.Cursor.Offset;
        var page = all.Skip(start).Take(query.PageSize).Select(t => Map(parent, t.Key, t.Value)).Where(query.Filter.Matches).ToList();
        PageCursor? next = start + query.PageSize < all.Count ? new PageCursor(start + query.PageSize, string.Empty) : null;
        return Task.FromResult(new TaskPage(page, next));
    }

    private CloudTask Map(ResourceName parent, string id, (CloudTask.Types.State State, double Progress) task) => new()
    {
        Name = parent.Child(Descriptor.Collection, id),
        Source = _alias,
        Type = "memory",
        State = task.State,
        Done = task.State is CloudTask.Types.State.Succeeded or CloudTask.Types.State.Failed,
        ProgressPercent = task.Progress,
        Etag = $"{task.State}/{task.Progress}",
    };
}
