using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using TaskGateway.Contracts.V1;
using TaskGateway.Sandbox;
using Xunit.Abstractions;
using StatusCode = Grpc.Core.StatusCode;

namespace TaskGateway.FunctionalTests;

/// <summary>
/// The per-source pipelines against a real failing backend: the retry budget, the circuit breaker, the
/// concurrency limit, the watch pollers' own pipeline, and the caller's deadline as the bound on every wait.
/// </summary>
public class ResilienceTests(ITestOutputHelper output)
{
    private const string Unavailable = """{"error_code":"SYS.0503","error_msg":"Service unavailable."}""";

    [Fact]
    public async Task GetTask_BurstOfFailures_UpstreamCallsAtMostTwiceCallerCalls()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s["TaskGateway:Sources:clouddc:MaxRetries"] = "5";
            s["TaskGateway:Sources:clouddc:RetryDelay"] = "00:00:00";
            // Keep the circuit closed so that only the retry budget stands between retries and the backend.
            s["TaskGateway:Sources:clouddc:CircuitBreakerMinimumThroughput"] = "100000";
        });
        gateway.Sandbox.Faults.Enqueue("/status", new SandboxFault(503, Unavailable), times: 100_000);
        var before = gateway.Sandbox.Requests.Count;

        const int calls = 60;
        for (var i = 0; i < calls; i++)
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive }).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, e.StatusCode);
            Assert.Equal("UPSTREAM_UNAVAILABLE", e.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
        }

        // Without the budget, five retries each would make 360 upstream calls.
        var upstream = gateway.Sandbox.Requests.Count - before;
        output.WriteLine($"{upstream} upstream calls for {calls} caller calls");
        Assert.InRange(upstream, calls + 1, 2 * calls);
    }

    [Theory]
    [InlineData("iotda", Names.IotdaLive, "/tasks/")]
    [InlineData("exports", Names.ExportLive, "/export-tasks")]
    [InlineData("dms", Names.DmsLive, "/scheduled-tasks")]
    [InlineData("astra", Names.AstraLive, "/core/v1/tasks")]
    public async Task GetTask_OneTransientFailure_RetrySignedAfreshAndServed(string alias, string name, string path)
    {
        // The retry of an AK/SK request once signed the headers the transport had added to the first attempt,
        // and every such retry was refused by the backend's signature check.
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s[$"TaskGateway:Sources:{alias}:MaxRetries"] = "1";
            s[$"TaskGateway:Sources:{alias}:RetryDelay"] = "00:00:00";
        });
        gateway.Sandbox.Faults.Enqueue(path, new SandboxFault(503, Unavailable));
        var before = gateway.Sandbox.Requests.Count;

        var response = await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = name });

        Assert.Equal(name, response.Task.Name);
        Assert.Equal(0, gateway.Sandbox.Faults.Pending);
        Assert.True(gateway.Sandbox.Requests.Count - before >= 2);
    }

    [Fact]
    public async Task GetTask_Backend429WithRetryAfter_RetriedAfterThatDelay()
    {
        // The clock records its timers: the retry's wait is the timer the pipeline set, not a line of log text.
        var time = new TimerRecordingTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(time, s =>
        {
            s["TaskGateway:Sources:clouddc:MaxRetries"] = "1";
            s["TaskGateway:Sources:clouddc:RetryDelay"] = "00:00:00";
            s["TaskGateway:Sources:clouddc:AttemptTimeout"] = "01:00:00";
            s["TaskGateway:Sources:clouddc:TotalTimeout"] = "10:00:00";
        });
        gateway.Sandbox.Faults.Enqueue("/status", new SandboxFault(429, "Too Many Requests", "text/plain") { RetryAfter = TimeSpan.FromSeconds(30) });
        var before = gateway.Sandbox.Requests.Count;
        var timersBefore = time.Timers.Count;

        var call = gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive }).ResponseAsync;

        // The clock stands still until the retry's timer exists, so that timer starts at the 429's time.
        var bound = System.Diagnostics.Stopwatch.StartNew();
        RecordedTimer? retry;
        while ((retry = time.Timers.Skip(timersBefore).FirstOrDefault(t => t.DueTime == TimeSpan.FromSeconds(30))) is null)
        {
            Assert.False(call.IsCompleted, "the call ended without waiting the backend's Retry-After");
            Assert.True(bound.Elapsed < TimeSpan.FromSeconds(60), "no 30 s timer was set after the 429");
            await Task.Delay(10);
        }

        Assert.Equal(before + 1, gateway.Sandbox.Requests.Count);

        // A second short of Retry-After the timer has not fired; at 30 s it fires, and the retry is served.
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Null(retry.FiredAt);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(retry.SetAt + TimeSpan.FromSeconds(30), retry.FiredAt);

        var response = await call.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(Names.CloudDcLive, response.Task.Name);
        Assert.Equal(before + 2, gateway.Sandbox.Requests.Count);
    }

    [Fact]
    public async Task GetTask_FailingSource_CircuitOpensAndStopsUpstreamCalls()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s["TaskGateway:Sources:clouddc:CircuitBreakerMinimumThroughput"] = "4";
            s["TaskGateway:Sources:clouddc:CircuitBreakerFailureRatio"] = "0.5";
            s["TaskGateway:Sources:clouddc:CircuitBreakerBreakDuration"] = "00:10:00";
        });
        gateway.Sandbox.Faults.Enqueue("/status", new SandboxFault(503, Unavailable), times: 100_000);
        var before = gateway.Sandbox.Requests.Count;

        var reasons = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive }).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, e.StatusCode);
            reasons.Add(e.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
            if (reasons[^1] == "UPSTREAM_CIRCUIT_OPEN")
            {
                // Until the circuit half-opens: the rest of its 10 min break.
                Assert.InRange(e.GetRpcStatus()!.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan(), TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
            }
        }

        Assert.Equal("UPSTREAM_CIRCUIT_OPEN", reasons[^1]);
        output.WriteLine($"{gateway.Sandbox.Requests.Count - before} upstream calls for 20 caller calls; reasons: {string.Join(", ", reasons)}");
        Assert.InRange(gateway.Sandbox.Requests.Count - before, 4, 6);

        // The breaker is per source: another source is untouched.
        var other = await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive });
        Assert.Equal(Names.AstraLive, other.Task.Name);
    }

    [Fact]
    public async Task GetTask_SourceConcurrencyLimitReached_RefusedWithoutUpstreamCall()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(time, s => s["TaskGateway:Sources:clouddc:MaxConcurrentRequests"] = "2");
        using var hang = new CancellationTokenSource();
        var hung = await HangAsync(gateway, 2, hang.Token);
        var before = gateway.Sandbox.Requests.Count;

        var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(
            new GetTaskRequest { Name = Names.CloudDcLive }, deadline: DateTime.UtcNow.AddSeconds(20)).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Equal("UPSTREAM_CONCURRENCY_LIMIT", e.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
        Assert.Equal(before, gateway.Sandbox.Requests.Count);
        await hang.CancelAsync();
        await Task.WhenAll(hung.Select(c => Assert.ThrowsAsync<RpcException>(() => c)));
    }

    [Fact]
    public async Task WatchTask_RequestPipelineSaturated_PollsThroughItsOwnPipeline()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(time, s => s["TaskGateway:Sources:clouddc:MaxConcurrentRequests"] = "1");
        using var hang = new CancellationTokenSource();
        var hung = await HangAsync(gateway, 1, hang.Token);

        using var watch = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.CloudDcError }, deadline: DateTime.UtcNow.AddSeconds(20));
        Assert.True(await watch.ResponseStream.MoveNext());
        Assert.Equal(WatchEventType.Initial, watch.ResponseStream.Current.Type);
        Assert.Equal(Names.CloudDcError, watch.ResponseStream.Current.Task.Name);

        await hang.CancelAsync();
        await Task.WhenAll(hung.Select(c => Assert.ThrowsAsync<RpcException>(() => c)));
    }

    [Fact]
    public async Task GetTask_CallerDeadlineBeforeGatewayTimeouts_UpstreamCallAbandonedAtDeadline()
    {
        // The gateway's own timeouts run on a clock that never moves: only the caller's deadline can end the wait.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(time);
        // A first call warms the path (JIT, connections), so the deadline below is spent waiting upstream, not starting.
        await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive });
        gateway.Sandbox.Faults.Enqueue("/status", new SandboxFault(200, "{}") { Delay = TimeSpan.FromHours(1) });
        var before = gateway.Sandbox.Requests.Count;
        var abortedBefore = gateway.Sandbox.Requests.Aborted;

        var deadline = DateTime.UtcNow.AddSeconds(3);
        var aborted = WhenAbortedAsync(gateway.Sandbox.Requests, abortedBefore);
        var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(
            new GetTaskRequest { Name = Names.CloudDcLive }, deadline: deadline).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
        Assert.True(gateway.Sandbox.Requests.Count > before, "the upstream request never started within the deadline");

        // The sandbox sees its request dropped at the deadline: not before it, and not later than a margin that a
        // loaded two-core machine needs to notice (the gateway's own timeouts would never end it).
        var at = await aborted;
        output.WriteLine($"upstream request aborted {(at - deadline).TotalMilliseconds:F0} ms after the caller's deadline");
        Assert.InRange(at - deadline, TimeSpan.FromMilliseconds(-250), TimeSpan.FromSeconds(2));
    }

    // The wall-clock time the sandbox first counts an aborted request after `before`, seen by a thread of its own
    // every millisecond (not the thread pool, which a loaded machine may hold back).
    private static Task<DateTime> WhenAbortedAsync(SandboxRequestLog requests, int before)
    {
        var seen = new TaskCompletionSource<DateTime>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = new Thread(() =>
        {
            var bound = System.Diagnostics.Stopwatch.StartNew();
            while (requests.Aborted == before)
            {
                if (bound.Elapsed > TimeSpan.FromSeconds(60))
                {
                    seen.SetException(new TimeoutException("the upstream request was never aborted"));
                    return;
                }

                Thread.Sleep(1);
            }

            seen.SetResult(DateTime.UtcNow);
        })
        {
            IsBackground = true,
            Priority = ThreadPriority.AboveNormal,
        };
        watcher.Start();
        return seen.Task;
    }

    // Starts calls whose upstream requests hang (on the sandbox's frozen clock) until cancelled.
    private static async Task<List<Task<GetTaskResponse>>> HangAsync(GatewayInstance gateway, int count, CancellationToken cancel)
    {
        // Distinct instances: identical calls in flight would share one upstream request.
        gateway.Sandbox.Faults.Enqueue("/cdc-hang-", new SandboxFault(200, "{}") { Delay = TimeSpan.FromHours(1) }, times: count);
        var before = gateway.Sandbox.Requests.Count;
        var calls = Enumerable.Range(0, count)
            .Select(i => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive.Replace(SandboxIds.CloudDcLiveInstance, $"cdc-hang-{i:D2}", StringComparison.Ordinal) }, cancellationToken: cancel).ResponseAsync)
            .ToList();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (gateway.Sandbox.Requests.Count < before + count)
        {
            await Task.Delay(10, guard.Token);
        }

        return calls;
    }
}
