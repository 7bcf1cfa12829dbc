using TaskGateway.Contracts.V1;
using TaskGateway.Core.Filtering;
using TaskGateway.Watch;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.Tests.Watch;

public class TaskViewTests
{
    private static CloudTask T(string name, string etag, State state = State.Running) => new() { Name = name, Etag = etag, State = state };

    [Fact]
    public void Apply_Sequence_AddedModifiedRemovedAndNothingForUnchanged()
    {
        var view = new TaskView();

        var first = view.Apply([T("a", "1"), T("b", "1")], TaskFilter.All, WatchEventType.Initial);
        var second = view.Apply([T("a", "1"), T("b", "2"), T("c", "1")], TaskFilter.All, WatchEventType.Added);
        var third = view.Apply([T("b", "2"), T("c", "1")], TaskFilter.All, WatchEventType.Added);
        var fourth = view.Apply([T("b", "2"), T("c", "1")], TaskFilter.All, WatchEventType.Added);

        Assert.Equal([(WatchEventType.Initial, "a"), (WatchEventType.Initial, "b")], first.Select(e => (e.Type, e.Task.Name)));
        Assert.Equal([(WatchEventType.Modified, "b"), (WatchEventType.Added, "c")], second.Select(e => (e.Type, e.Task.Name)));
        Assert.Equal([(WatchEventType.Removed, "a")], third.Select(e => (e.Type, e.Task.Name)));
        Assert.Empty(fourth);
    }

    [Fact]
    public void Apply_TaskStopsMatchingFilter_RemovedWithLastMatchingState()
    {
        var view = new TaskView();
        var running = TaskFilter.Parse("state = RUNNING");
        view.Apply([T("a", "1")], running, WatchEventType.Initial);

        var events = view.Apply([T("a", "2", State.Succeeded)], running, WatchEventType.Added);

        var removed = Assert.Single(events);
        Assert.Equal(WatchEventType.Removed, removed.Type);
        Assert.Equal("1", removed.Task.Etag);
    }

    [Fact]
    public void Digest_SameContentAnyOrder_Equal_ChangedEtag_Differs()
    {
        var a = new TaskView();
        var b = new TaskView();
        var c = new TaskView();
        a.Apply([T("x", "1"), T("y", "1")], TaskFilter.All, WatchEventType.Initial);
        b.Apply([T("y", "1"), T("x", "1")], TaskFilter.All, WatchEventType.Initial);
        c.Apply([T("x", "1"), T("y", "2")], TaskFilter.All, WatchEventType.Initial);

        Assert.Equal(a.Digest(), b.Digest());
        Assert.NotEqual(a.Digest(), c.Digest());
    }

    [Fact]
    public void Digest_KnownView_NamesAndEtagsInOrdinalNameOrder()
    {
        // Resume tokens carry this digest and every replica (and the next release, in a rolling upgrade) must compute
        // the same one for the same view: the first 16 bytes of SHA-256 over "name\0etag\n" per task, by ordinal name,
        // here computed independently (Python's hashlib over b"x\x001\ny\x002\n").
        var view = new TaskView();
        view.Apply([T("y", "2"), T("x", "1")], TaskFilter.All, WatchEventType.Initial);

        Assert.Equal("009d1250db7a17d30f7c04cc097863d2", view.Digest());
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb924", new TaskView().Digest());
    }
}
