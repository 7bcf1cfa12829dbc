using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Names;
using TaskGateway.Core.Resilience;
using TaskGateway.Core.Sources;

namespace TaskGateway.Tests.Events.Engine;

/// <summary>A backend under Astra's name shape whose tasks the test sets (<see cref="Serve"/>) or whose calls fail (<see cref="Fail"/>); counts its reads.</summary>
internal sealed class ScriptedBackend : IListingBackend
{
    private volatile Func<IReadOnlyList<CloudTask>> _now = () => [];
    private int _reads;

    public BackendDescriptor Descriptor { get; } = new(SourceKind.AstraTask, NameShape.Of("accounts/{account}/tasks/{task}"), NameShape.Of("accounts/{account}"), NativeGet: true, 10, 10);

    public int Reads => Volatile.Read(ref _reads);

    public void Serve(params CloudTask[] tasks) => _now = () => tasks;

    public void Fail(Func<Exception> failure) => _now = () => throw failure();

    public IReadOnlyList<FieldViolation> Validate(ResourceName name, string field) => [];

    public Task<CloudTask> GetTaskAsync(ResourceName name, UpstreamCall upstream, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return Task.FromResult(_now().Single(t => t.Name == name.Format()));
    }

    public Task<TaskPage> ListTasksAsync(ResourceName parent, ListQuery query, UpstreamCall upstream, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return Task.FromResult(new TaskPage(_now(), Next: null));
    }
}
