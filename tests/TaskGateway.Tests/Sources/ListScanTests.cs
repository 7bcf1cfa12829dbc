using Google.Rpc;
using Grpc.Core;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Names;
using TaskGateway.Core.Paging;
using TaskGateway.Core.Resilience;
using TaskGateway.Core.Sources;

namespace TaskGateway.Tests.Sources;

public class ListScanTests
{
    private const string Parent = "sources/exports/projects/0b7e5d1c2a3f4e6d8c9b0a1f2e3d4c5b";

    // A list that never ends: two tasks a page, always a next page.
    private sealed class EndlessList : IListingBackend
    {
        public int Reads { get; private set; }

        public BackendDescriptor Descriptor { get; } = new(SourceKind.IotdaExportTask, NameShape.Of("projects/{project}/exportTasks/{task}"), NameShape.Of("projects/{project}"), NativeGet: false, 2, 2);

        public IReadOnlyList<FieldViolation> Validate(ResourceName name, string field) => [];

        public Task<CloudTask> GetTaskAsync(ResourceName name, UpstreamCall upstream, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<TaskPage> ListTasksAsync(ResourceName parent, ListQuery query, UpstreamCall upstream, CancellationToken cancellationToken)
        {
            var page = Reads++;
            IReadOnlyList<CloudTask> tasks = [new() { Name = $"{Parent}/exportTasks/t{page}a" }, new() { Name = $"{Parent}/exportTasks/t{page}b" }];
            return Task.FromResult(new TaskPage(tasks, new PageCursor(0, "m" + page)));
        }
    }

    private static ResourceName ParentName() => ResourceNameParser.TryParseParent(Parent, out var name, out var error) ? name! : throw new InvalidOperationException(error);

    [Fact]
    public async Task FindAsync_BudgetSpentListGoesOn_FailedPreconditionNotNotFound()
    {
        var backend = new EndlessList();

        var e = await Assert.ThrowsAsync<GatewayException>(() => ListScan.FindAsync(backend, ParentName(), $"{Parent}/exportTasks/far-back", UpstreamCall.Request, 3, CancellationToken.None));

        // NOT_FOUND would tell clients the task does not exist; the scan only knows it has not seen it.
        Assert.Equal(StatusCode.FailedPrecondition, e.Code);
        Assert.Equal("TASK_SCAN_LIMIT_REACHED", ErrorReasons.NameOf(e.Reason));
        Assert.Equal("3", e.Metadata["pagesScanned"]);
        Assert.Equal("6", e.Metadata["tasksScanned"]);
        Assert.Equal("TaskGateway:Sources:exports:MaxScanPages", e.Metadata["setting"]);
        Assert.Contains("TaskGateway:Sources:exports:MaxScanPages", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, backend.Reads);
    }

    [Fact]
    public async Task FindAsync_WithinBudget_Found()
    {
        var task = await ListScan.FindAsync(new EndlessList(), ParentName(), $"{Parent}/exportTasks/t1b", UpstreamCall.Request, 3, CancellationToken.None);
        Assert.Equal($"{Parent}/exportTasks/t1b", task.Name);
    }

    // Records each charge, and refuses once its allowance is spent, as a caller's rate limit does.
    private sealed class CountingCharge(int allowance, EndlessList list) : IScanPageCharge
    {
        public List<int> ReadsWhenCharged { get; } = [];

        public void Charge(string source)
        {
            ReadsWhenCharged.Add(list.Reads);
            if (ReadsWhenCharged.Count > allowance)
            {
                throw new GatewayException(StatusCode.ResourceExhausted, ErrorReason.RateLimited, "over", retryDelay: TimeSpan.FromSeconds(1));
            }
        }
    }

    [Fact]
    public async Task FindAsync_PagesBeyondTheFirst_EachChargedBeforeItIsRead()
    {
        var backend = new EndlessList();
        var charge = new CountingCharge(int.MaxValue, backend);

        await Assert.ThrowsAsync<GatewayException>(() => ListScan.FindAsync(backend, ParentName(), $"{Parent}/exportTasks/far-back", UpstreamCall.Request with { ScanPages = charge }, 4, CancellationToken.None));

        // Four pages read, three charged: the first is the caller's call itself.
        Assert.Equal([1, 2, 3], charge.ReadsWhenCharged);
        Assert.Equal(4, backend.Reads);
    }

    [Fact]
    public async Task FindAsync_ChargeRefused_StopsWithoutReadingThatPage()
    {
        var backend = new EndlessList();
        var charge = new CountingCharge(1, backend);

        var e = await Assert.ThrowsAsync<GatewayException>(() => ListScan.FindAsync(backend, ParentName(), $"{Parent}/exportTasks/far-back", UpstreamCall.Request with { ScanPages = charge }, 20, CancellationToken.None));

        Assert.Equal(StatusCode.ResourceExhausted, e.Code);
        Assert.Equal(TimeSpan.FromSeconds(1), e.RetryDelay);
        Assert.Equal(2, backend.Reads);
    }

    [Fact]
    public async Task FindAsync_FoundOnFirstPage_ChargesNothing()
    {
        var backend = new EndlessList();
        var charge = new CountingCharge(0, backend);

        var task = await ListScan.FindAsync(backend, ParentName(), $"{Parent}/exportTasks/t0a", UpstreamCall.Request with { ScanPages = charge }, 20, CancellationToken.None);

        Assert.Equal($"{Parent}/exportTasks/t0a", task.Name);
        Assert.Empty(charge.ReadsWhenCharged);
    }
}
