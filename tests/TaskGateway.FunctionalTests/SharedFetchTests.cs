using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Names;
using TaskGateway.Core.Resilience;
using TaskGateway.Core.Sources;
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

    [Fact]
    public async Task GetTaskAsync_NoFreshnessWindow_FetchStartsInlineInTheCallersContext()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(Clock());
        var fetches = gateway.Services.GetRequiredService<SharedFetches>();
        var backend = new PendingBackend();
        PendingBackend.Set("caller");
        // A call's token can always be cancelled (gRPC's is): HybridCache starts such a fetch on the thread pool.
        using var call = new CancellationTokenSource();
        var thread = Environment.CurrentManagedThreadId;

        var pending = fetches.GetTaskAsync(backend, Parse(Names.CloudDcLive), UpstreamCall.For(UpstreamPurpose.Request, null), call.Token);

        // No thread-pool hop: the upstream call has started, on this thread and in this call's context, before
        // GetTaskAsync returned.
        Assert.Equal(1, backend.Calls);
        Assert.Equal(thread, backend.Thread);
        Assert.Equal("caller", backend.Context);
        backend.Answer.SetResult(new CloudTask { Name = Names.CloudDcLive });
        Assert.Equal(Names.CloudDcLive, (await pending).Name);
        Assert.Equal(0, fetches.Waiting);
    }

    [Fact]
    public async Task GetTaskAsync_OneJoinedCallerGivesUp_OthersStillAnsweredFromOneFetch()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(Clock());
        var fetches = gateway.Services.GetRequiredService<SharedFetches>();
        var backend = new PendingBackend();
        var name = Parse(Names.CloudDcLive);
        var call = UpstreamCall.For(UpstreamPurpose.Request, null);
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();

        var a = fetches.GetTaskAsync(backend, name, call, first.Token);
        var b = fetches.GetTaskAsync(backend, name, call, second.Token);
        var c = fetches.GetTaskAsync(backend, name, call, CancellationToken.None);
        await Until(() => fetches.Waiting == 3 && backend.Calls == 1);
        first.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => a);
        Assert.False(backend.Token.IsCancellationRequested);
        backend.Answer.SetResult(new CloudTask { Name = Names.CloudDcLive });

        Assert.Equal(Names.CloudDcLive, (await b).Name);
        Assert.Equal(Names.CloudDcLive, (await c).Name);
        Assert.Equal(1, backend.Calls);
    }

    [Fact]
    public async Task GetTaskAsync_EveryCallerGivesUp_FetchCancelledAndNextCallFetchesAgain()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(Clock());
        var fetches = gateway.Services.GetRequiredService<SharedFetches>();
        var backend = new PendingBackend();
        var name = Parse(Names.CloudDcLive);
        var call = UpstreamCall.For(UpstreamPurpose.Request, null);
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();

        var a = fetches.GetTaskAsync(backend, name, call, first.Token);
        var b = fetches.GetTaskAsync(backend, name, call, second.Token);
        await Until(() => fetches.Waiting == 2);
        first.Cancel();
        second.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => a);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b);
        await Until(() => backend.Token.IsCancellationRequested);

        var next = new PendingBackend();
        var again = fetches.GetTaskAsync(next, name, call, CancellationToken.None);
        next.Answer.SetResult(new CloudTask { Name = Names.CloudDcLive });
        Assert.Equal(Names.CloudDcLive, (await again).Name);
        Assert.Equal(1, next.Calls);
    }

    private static ResourceName Parse(string name) =>
        ResourceNameParser.TryParseTask(name, out var parsed, out var error) ? parsed : throw new InvalidOperationException(error);

    /// <summary>A backend whose GetTask waits until the test answers, recording where and how it was called.</summary>
    private sealed class PendingBackend : ITaskBackend
    {
        private static readonly AsyncLocal<string> Probe = new();

        public TaskCompletionSource<CloudTask> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls { get; private set; }

        public int Thread { get; private set; }

        public string? Context { get; private set; }

        public CancellationToken Token { get; private set; }

        public BackendDescriptor Descriptor => throw new NotSupportedException();

        public IReadOnlyList<FieldViolation> Validate(ResourceName name, string field) => [];

        public Task<CloudTask> GetTaskAsync(ResourceName name, UpstreamCall upstream, CancellationToken cancellationToken)
        {
            Calls++;
            Thread = Environment.CurrentManagedThreadId;
            Context = Probe.Value;
            Token = cancellationToken;
            return Answer.Task;
        }

        public static void Set(string value) => Probe.Value = value;
    }

    private static Task Until(Func<bool> condition) => ConditionWait.UntilAsync(condition, "the awaited condition", TimeSpan.FromSeconds(30));
}
