using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using TaskGateway.Contracts.V1;
using TaskGateway.Sandbox;

namespace TaskGateway.FunctionalTests;

/// <summary>Traces, metrics and logs as an operator's tools receive them.</summary>
public sealed class ObservabilityTests : IDisposable
{
    private const string TestSource = "TaskGateway.FunctionalTests";
    private static readonly ActivitySource Caller = new(TestSource);
    private readonly ConcurrentQueue<Activity> _activities = new();
    private readonly ActivityListener _listener;

    public ObservabilityTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Microsoft.AspNetCore" or "System.Net.Http" or TestSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _activities.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    // The caller's own span: its gRPC client sends its context as traceparent, as any instrumented caller does.
    private static Activity NewTrace() => Caller.StartActivity("caller", ActivityKind.Internal) ?? throw new InvalidOperationException("not sampled");

    [Fact]
    public async Task GetTask_CallerTraceContext_ServerSpanClientSpanAndBackendShareIt()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();
        string traceId;
        using (var trace = NewTrace())
        {
            traceId = trace.TraceId.ToHexString();
            await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive });
        }

        // The backend received the caller's trace, with the gateway's client span as parent.
        var sent = Assert.Single(gateway.Sandbox.Requests.TraceParents, t => t.Contains(traceId, StringComparison.Ordinal));
        var server = await SpanAsync(a => a.Kind == ActivityKind.Server && a.TraceId.ToHexString() == traceId && a.DisplayName.Contains("GetTask", StringComparison.Ordinal));
        var client = await SpanAsync(a => a.Kind == ActivityKind.Client && a.TraceId.ToHexString() == traceId && a.ParentSpanId == server.SpanId);
        Assert.Contains("/core/v1/tasks/", client.GetTagItem("url.full")?.ToString(), StringComparison.Ordinal);
        Assert.Equal($"00-{traceId}-{client.SpanId.ToHexString()}-01", sent);
    }

    [Fact]
    public async Task Logs_UpstreamFailure_CarryTraceIdAndUpstreamRequestId()
    {
        var logs = new CapturedLogs();
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(logs: logs);
        gateway.Sandbox.Faults.Enqueue("/status", new SandboxFault(503, """{"error_code":"SYS.0503","error_msg":"down"}"""));
        string traceId;
        using (var trace = NewTrace())
        {
            traceId = trace.TraceId.ToHexString();
            await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive }).ResponseAsync);
        }

        var line = Assert.Single(logs.Lines, l => l.Contains("[1001]", StringComparison.Ordinal) && l.Contains("clouddc", StringComparison.Ordinal));
        Assert.Contains("TraceId=" + traceId, line, StringComparison.Ordinal);
        Assert.Matches("UpstreamRequestId=[0-9A-Za-z:]+", line);
    }

    private async Task<Activity> SpanAsync(Func<Activity, bool> match)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            // The server span stops just after the response is written; wait for it rather than race it.
            if (_activities.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(10, guard.Token);
        }
    }
}
