using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Names;
using TaskGateway.Core.Paging;
using TaskGateway.Core.Resilience;
using TaskGateway.Core.Sources;
using TaskGateway.Watch;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.Tests.Watch;

/// <summary>The pollers' sources over a fake backend: what they fetch, with which call, and when a resource is final.</summary>
public class SnapshotSourceTests
{
    private const string TaskName = "sources/src/projects/p/exportTasks/t1";
    private const string ParentName = "sources/src/projects/p";

    private static ResourceName TaskResource() => ResourceNameParser.TryParseTask(TaskName, out var name, out var error) ? name : throw new InvalidOperationException(error);

    private static ResourceName ParentResource() => ResourceNameParser.TryParseParent(ParentName, out var name, out var error) ? name : throw new InvalidOperationException(error);

    private static CloudTask T(string id, State state = State.Running, bool done = false) =>
        new() { Name = $"{ParentName}/exportTasks/{id}", Etag = id, State = state, Done = done };

    [Fact]
    public async Task SingleTaskSource_FetchAsync_TheBackendsTaskWithAWatchCallAndTheCallersToken()
    {
        var backend = new FakeBackend(pages: []) { Task = T("t1") };
        var source = new SingleTaskSource(backend, TaskResource(), callerToken: "caller-token");

        var tasks = await source.FetchAsync(CancellationToken.None);

        Assert.Equal("t1", Assert.Single(tasks).Etag);
        var (name, call) = Assert.Single(backend.Gets);
        Assert.Equal(TaskName, name.Format());
        Assert.Equal(UpstreamPurpose.Watch, call.Purpose);
        Assert.Equal("caller-token", call.CallerToken);
    }

    [Fact]
    public async Task SingleTaskSource_FetchAsync_BackendFailure_Propagates()
    {
        var backend = new FakeBackend(pages: []) { Failure = new UpstreamException(UpstreamFailure.HttpStatus, "src", "gone", 404) };

        await Assert.ThrowsAsync<UpstreamException>(() => new SingleTaskSource(backend, TaskResource()).FetchAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(State.Running, false, false, false)]
    [InlineData(State.Succeeded, true, false, true)]
    [InlineData(State.Failed, true, false, true)]
    [InlineData(State.Deleted, false, false, false)]
    // Polled past done (a CloudDC instance with until): only a deleted resource is final, done or not.
    [InlineData(State.Succeeded, true, true, false)]
    [InlineData(State.Running, false, true, false)]
    [InlineData(State.Deleted, true, true, true)]
    [InlineData(State.Deleted, false, true, true)]
    public void SingleTaskSource_IsFinal_DoneOrDeletedWhenPolledPastDone(State state, bool done, bool pastDone, bool final)
    {
        var source = new SingleTaskSource(new FakeBackend(pages: []), TaskResource(), pastDone: pastDone);

        Assert.Equal(final, source.IsFinal([T("t1", state, done)]));
    }

    [Fact]
    public void SingleTaskSource_IsFinal_NotExactlyOneTask_False()
    {
        var source = new SingleTaskSource(new FakeBackend(pages: []), TaskResource());

        Assert.False(source.IsFinal([]));
        Assert.False(source.IsFinal([T("a", State.Succeeded, true), T("b", State.Succeeded, true)]));
    }

    [Fact]
    public async Task CollectionSource_FetchAsync_AllPagesInOrderUnfilteredWithAWatchCall()
    {
        var backend = new FakeBackend(pages: [[T("a"), T("b")], [T("c")]]);
        var source = new CollectionSource(backend, ParentResource(), maxPages: 10, callerToken: "caller-token");

        var tasks = await source.FetchAsync(CancellationToken.None);

        Assert.Equal(["a", "b", "c"], tasks.Select(t => t.Etag));
        Assert.Equal(2, backend.Lists.Count);
        Assert.All(backend.Lists, l => Assert.Equal(ParentName, l.Parent.Format()));
        Assert.All(backend.Lists, l => Assert.Equal(UpstreamPurpose.Watch, l.Call.Purpose));
        Assert.All(backend.Lists, l => Assert.Equal("caller-token", l.Call.CallerToken));
        Assert.All(backend.Lists, l => Assert.Equal(TaskGateway.Core.Filtering.TaskFilter.All.Text, l.Query.Filter.Text));
    }

    [Fact]
    public async Task CollectionSource_FetchAsync_MorePagesThanTheBudget_StopsAtMaxCollectionPages()
    {
        var backend = new FakeBackend(pages: [[T("a")], [T("b")], [T("c")], [T("d")]]);

        var tasks = await new CollectionSource(backend, ParentResource(), maxPages: 2).FetchAsync(CancellationToken.None);

        Assert.Equal(["a", "b"], tasks.Select(t => t.Etag));
        Assert.Equal(2, backend.Lists.Count);
    }

    [Fact]
    public async Task CollectionSource_FetchAsync_EmptyCollection_NoTasks()
    {
        var tasks = await new CollectionSource(new FakeBackend(pages: [[]]), ParentResource(), maxPages: 10).FetchAsync(CancellationToken.None);

        Assert.Empty(tasks);
    }

    [Fact]
    public void CollectionSource_IsFinal_NeverEvenWhenEveryTaskIsDone()
    {
        var source = new CollectionSource(new FakeBackend(pages: []), ParentResource(), maxPages: 10);

        Assert.False(source.IsFinal([T("a", State.Succeeded, true)]));
        Assert.False(source.IsFinal([]));
    }

    [Fact]
    public void WatchSnapshot_SameTasks_ByNameAndEtagInOrder()
    {
        var snapshot = new WatchSnapshot(1, [T("a"), T("b")], DateTimeOffset.UnixEpoch, final: false);

        Assert.True(snapshot.SameTasks([T("a"), T("b")]));
        Assert.False(snapshot.SameTasks([T("a")]));
        Assert.False(snapshot.SameTasks([T("a"), T("b"), T("c")]));
        Assert.False(snapshot.SameTasks([T("b"), T("a")]));
        Assert.False(snapshot.SameTasks([T("a"), new CloudTask { Name = T("b").Name, Etag = "b2" }]));
    }

    // Pages by number; each ListTasksAsync call returns the next, with a Next cursor while pages remain.
    private sealed class FakeBackend(IReadOnlyList<CloudTask>[] pages) : IListingBackend
    {
        public CloudTask? Task { get; init; }

        public Exception? Failure { get; init; }

        public List<(ResourceName Name, UpstreamCall Call)> Gets { get; } = [];

        public List<(ResourceName Parent, ListQuery Query, UpstreamCall Call)> Lists { get; } = [];

        public BackendDescriptor Descriptor { get; } = new(SourceKind.IotdaExportTask, NameShape.Of("projects/{project}/exportTasks/{task}"), NameShape.Of("projects/{project}"), NativeGet: false, 2, 2);

        public IReadOnlyList<FieldViolation> Validate(ResourceName name, string field) => [];

        public Task<CloudTask> GetTaskAsync(ResourceName name, UpstreamCall upstream, CancellationToken cancellationToken)
        {
            Gets.Add((name, upstream));
            return Failure is not null ? System.Threading.Tasks.Task.FromException<CloudTask>(Failure) : System.Threading.Tasks.Task.FromResult(Task!);
        }

        public Task<TaskPage> ListTasksAsync(ResourceName parent, ListQuery query, UpstreamCall upstream, CancellationToken cancellationToken)
        {
            var n = Lists.Count;
            Lists.Add((parent, query, upstream));
            var next = n + 1 < pages.Length ? new PageCursor(n + 1, string.Empty) : (PageCursor?)null;
            return System.Threading.Tasks.Task.FromResult(new TaskPage(pages[n], next));
        }
    }
}
