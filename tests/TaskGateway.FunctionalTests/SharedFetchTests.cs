using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TaskGateway.Contracts.V1;
using TaskGateway.Sandbox;
using TaskGateway.Services;
using StatusCode = Grpc.Core.StatusCode;

namespace TaskGateway.FunctionalTests;

/// <summary>Hot tasks: identical GetTask calls share one upstream call, and a source may opt into a freshness window.</summary>
public class SharedFetchTests
{
    private const string LivePath = "/instances/" + SandboxIds.CloudDcLiveInstance + "/status";

    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task GetTask_IdenticalCallsInFlight_OneUpstreamCallServesThemAll()
    {
        var time = Clock();
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(time);
        var fetches = gateway.Services.GetRequiredService<SharedFetches>();
        gateway.Sandbox.Faults.Enqueue(LivePath, new SandboxFault(200) { Delay = TimeSpan.FromSeconds(2), PassThrough = true });
        var before = gateway.Sandbox.Requests.CountContaining(LivePath);

        var calls = Enumerable.Range(0, 20)
            .Select(_ => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive }).ResponseAsync)
            .ToList();
        // Every call has joined the fetch, and the one upstream request waits on the sandbox's (fake) clock.
        await Until(() => fetches.Waiting == 20 && gateway.Sandbox.Requests.Delaying == 1);
        time.Advance(TimeSpan.FromSeconds(2));
        var answers = await Task.WhenAll(calls);

        Assert.Equal(1, gateway.Sandbox.Requests.CountContaining(LivePath) - before);
        Assert.All(answers, a => Assert.Equal(answers[0].Task, a.Task));
        Assert.Equal(Names.CloudDcLive, answers[0].Task.Name);
    }

    [Fact]
    public async Task GetTask_NoFreshnessWindow_EachSequentialCallFetches()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(Clock());
        var before = gateway.Sandbox.Requests.CountContaining(LivePath);

        for (var i = 0; i < 3; i++)
        {
            await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive });
        }

        Assert.Equal(3, gateway.Sandbox.Requests.CountContaining(LivePath) - before);
    }

    [Fact]
    public async Task GetTask_FreshnessWindow_ServedAgainWithinItFetchedAfter()
    {
        var time = Clock();
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(time, s => s["TaskGateway:Sources:clouddc:Freshness"] = "00:00:30");
        var before = gateway.Sandbox.Requests.CountContaining(LivePath);

        var first = await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive });
        time.Advance(TimeSpan.FromSeconds(29));
        var again = await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive });
        Assert.Equal(1, gateway.Sandbox.Requests.CountContaining(LivePath) - before);
        Assert.Equal(first.Task, again.Task);

        time.Advance(TimeSpan.FromSeconds(2));
        await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive });
        Assert.Equal(2, gateway.Sandbox.Requests.CountContaining(LivePath) - before);
    }

    [Fact]
    public async Task GetTask_FreshnessWindowAfterFailure_FailureNotServedAgain()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(Clock(), s => s["TaskGateway:Sources:clouddc:Freshness"] = "00:01:00");
        gateway.Sandbox.Faults.Enqueue(LivePath, new SandboxFault(503, """{"error_code":"SYS.0503","error_msg":"down"}"""));

        var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive }).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);

        var served = await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive });
        Assert.Equal(Names.CloudDcLive, served.Task.Name);
    }

    [Fact]
    public async Task GetTask_FreshnessWindowPassThroughTokens_TenantsNeverShare()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(Clock(), s =>
        {
            s.Remove("TaskGateway:Sources:astra:Auth:Token");
            s["TaskGateway:Sources:astra:Auth:PassCallerToken"] = "true";
            s["TaskGateway:Sources:astra:Freshness"] = "00:01:00";
        });
        var a = new Metadata { { "x-upstream-token", SandboxCredentials.AstraToken } };
        var b = new Metadata { { "x-upstream-token", SandboxCredentials.AstraOtherUserToken } };

        Assert.Equal(Names.AstraLive, (await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, a)).Task.Name);

        // B's token may not read the task: the window must not hand B what A fetched.
        var denied = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, b).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
    }

    [Fact]
    public async Task GetTask_SharedFetch_UpstreamSpanIsAChildOfTheCallersServerSpan()
    {
        using var caller = new ActivitySource("SharedFetchTests.caller");
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Microsoft.AspNetCore" or "System.Net.Http" or "SharedFetchTests.caller",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) { spans.Add(a); } },
        };
        ActivitySource.AddActivityListener(listener);
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(Clock());

        // The fetch runs on the thread pool outside the call's context: the span must still join the call's trace.
        // The caller's own trace id singles out this test's spans among those of the tests running beside it.
        string traceId;
        using (var trace = caller.StartActivity("caller") ?? throw new InvalidOperationException("not sampled"))
        {
            traceId = trace.TraceId.ToHexString();
            await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive });
        }

        await Until(() =>
        {
            lock (spans)
            {
                var ours = spans.Where(a => a.TraceId.ToHexString() == traceId).ToList();
                return ours.Any(c => c.Kind == ActivityKind.Client && c.GetTagItem("url.full")?.ToString()?.Contains(LivePath, StringComparison.Ordinal) == true
                    && ours.Any(s => s.Kind == ActivityKind.Server && s.SpanId == c.ParentSpanId && s.DisplayName.Contains("GetTask", StringComparison.Ordinal)));
            }
        });
    }

    private static async Task Until(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the condition did not hold");
            await Task.Yield();
        }
    }
}
