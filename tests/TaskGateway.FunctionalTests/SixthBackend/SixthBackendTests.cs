using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Resilience;
using TaskGateway.Core.Sources;
using TaskGateway.Watch;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.FunctionalTests.SixthBackend;

/// <summary>
/// A backend kind the gateway does not ship, registered by this test project alone (one class, one registration),
/// served through every method over a real channel.
/// </summary>
public class SixthBackendTests
{
    private const string Parent = "sources/memo/accounts/acct1";

    private static Task<GatewayInstance> StartAsync(TimeProvider? time = null)
    {
        MemoryTaskBackend.Tasks.Clear();
        MemoryTaskBackend.Tasks["t1"] = (State.Running, 40);
        MemoryTaskBackend.Tasks["t2"] = (State.Succeeded, 100);
        MemoryTaskBackend.Tasks["t3"] = (State.Failed, 70);
        return GatewayInstance.StartWithSourcesAsync(time, s =>
        {
            s["TaskGateway:Sources:memo:Kind"] = "MemoryTask";
            s["TaskGateway:Sources:memo:Endpoint"] = "http://127.0.0.1:9";
            s["TaskGateway:Sources:memo:Auth:Scheme"] = "Bearer";
            s["TaskGateway:Sources:memo:Auth:Token"] = "unused";
            s["TaskGateway:Sources:memo:MinPollInterval"] = "00:00:01";
            s["TaskGateway:Sources:memo:MaxPollInterval"] = "00:00:01";
        }, services: services => services.AddSingleton(MemoryTaskBackend.Registration));
    }

    [Fact]
    public async Task ListSources_SixthKind_DescribedFromItsRegistration()
    {
        await using var gateway = await StartAsync();

        var memo = (await gateway.Client.ListSourcesAsync(new ListSourcesRequest())).Sources.Single(s => s.Alias == "memo");

        Assert.Equal("sources/memo/accounts/{account}/tasks/{task}", memo.TaskNamePattern);
        Assert.Equal("sources/memo/accounts/{account}", memo.ListParentPattern);
        Assert.True(memo.SupportsList);
        Assert.Equal(5, memo.MaxPageSize);
        Assert.Contains("state", memo.FilterFields);
        Assert.DoesNotContain(memo.FilterFields, f => f.StartsWith("details.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetTaskAndListTasks_SixthKind_ServedWithPagingFilteringAndValidation()
    {
        await using var gateway = await StartAsync();

        var task = (await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = $"{Parent}/tasks/t1" })).Task;
        var first = await gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = Parent, PageSize = 2 });
        var second = await gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = Parent, PageSize = 2, PageToken = first.NextPageToken });
        var failed = await gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = Parent, PageSize = 5, Filter = "state = FAILED" });
        var missing = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = $"{Parent}/tasks/nope" }).ResponseAsync);
        var wrongShape = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = "sources/memo/projects/p/exportTasks/t1" }).ResponseAsync);
        var badId = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = $"{Parent}/tasks/has-dash" }).ResponseAsync);

        Assert.Equal($"{Parent}/tasks/t1", task.Name);
        Assert.Equal(State.Running, task.State);
        Assert.Equal(40, task.ProgressPercent);
        Assert.Equal(["t1", "t2"], first.Tasks.Select(t => t.Name[(t.Name.LastIndexOf('/') + 1)..]));
        Assert.Equal($"{Parent}/tasks/t3", Assert.Single(second.Tasks).Name);
        Assert.Empty(second.NextPageToken);
        Assert.Equal($"{Parent}/tasks/t3", Assert.Single(failed.Tasks).Name);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, wrongShape.StatusCode);
        Assert.Contains("sources/memo/accounts/{account}/tasks/{task}", wrongShape.Status.Detail + wrongShape.Trailers.ToString(), StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, badId.StatusCode);
        Assert.Contains(UpstreamPurpose.Request, MemoryTaskBackend.Calls);
    }

    [Fact]
    public async Task WatchTask_SixthKind_InitialThenDoneOnAFakeClock()
    {
        var time = WatchTests.Clock();
        await using var gateway = await StartAsync(time);
        var hub = gateway.Services.GetRequiredService<WatchHub>();
        var key = new PollerKey("memo", $"{Parent}/tasks/t1", string.Empty);
        using var call = gateway.Client.WatchTask(new WatchTaskRequest { Name = $"{Parent}/tasks/t1" });

        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var initial = call.ResponseStream.Current;
        MemoryTaskBackend.Tasks["t1"] = (State.Succeeded, 100);
        await WatchTests.Eventually(() => gateway.Watch.WaitsOf(key) >= gateway.Watch.PollsOf(key) && gateway.Watch.PollsOf(key) >= 1, "the poller did not wait for its next poll");
        time.Advance(TimeSpan.FromSeconds(1));
        var rest = new List<WatchTaskResponse>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            rest.Add(call.ResponseStream.Current);
        }

        Assert.Equal(WatchEventType.Initial, initial.Type);
        Assert.Equal(State.Running, initial.Task.State);
        var done = Assert.Single(rest, e => e.Type != WatchEventType.Heartbeat);
        Assert.Equal(WatchEventType.Modified, done.Type);
        Assert.True(done.Task.Done);
        Assert.Contains(UpstreamPurpose.Watch, MemoryTaskBackend.Calls);
    }
}
