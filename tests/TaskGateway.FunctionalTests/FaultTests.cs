using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TaskGateway.Contracts.V1;
using TaskGateway.Sandbox;
using TaskGateway.Watch;
using StatusCode = Grpc.Core.StatusCode;

namespace TaskGateway.FunctionalTests;

/// <summary>Faults the sandbox injects: the caller gets a documented status, the gateway stays healthy, watches survive.</summary>
[Collection("gateway")]
public class FaultTests(GatewayFixture fixture)
{
    private readonly GatewayInstance _gateway = fixture.Gateway;

    // Each case with the one reason README's error table documents for it: an unreadable 2xx body is
    // UPSTREAM_MALFORMED_RESPONSE, a body over MaxResponseBytes (4 MiB by default) UPSTREAM_RESPONSE_TOO_LARGE.
    public static TheoryData<string, string, string> BrokenBodies => new()
    {
        { "wrong field types", "{\"task_id\":\"075f413d-a3bb-4243-974d-8eb9221c1234\",\"status\":\"RUNNING\",\"progress\":\"eighty\"}", "UPSTREAM_MALFORMED_RESPONSE" },
        { "array instead of object", "[1,2,3]", "UPSTREAM_MALFORMED_RESPONSE" },
        { "truncated", "{\"task_id\":\"075f413d-a3bb-4243-974d-8eb9221c1234\",\"status\":\"RUN", "UPSTREAM_MALFORMED_RESPONSE" },
        { "empty", "", "UPSTREAM_MALFORMED_RESPONSE" },
        { "larger than the 4 MiB cap", "{\"status_detail\":\"" + new string('x', 5 * 1024 * 1024) + "\"}", "UPSTREAM_RESPONSE_TOO_LARGE" },
    };

    [Theory]
    [MemberData(nameof(BrokenBodies))]
    public async Task GetTask_BrokenUpstreamBody_UnavailableWithErrorInfoAndGatewayStaysHealthy(string what, string body, string reason)
    {
        _gateway.Sandbox.Faults.Enqueue("/iotda-instances/", new SandboxFault(200, body));
        try
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => _gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.IotdaLive }).ResponseAsync);

            Assert.True(e.StatusCode == StatusCode.Unavailable, what);
            Assert.Equal(reason, e.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
        }
        finally
        {
            _gateway.Sandbox.Faults.Clear();
        }

        var health = await new Health.HealthClient(_gateway.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Equal(Names.IotdaLive, (await _gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.IotdaLive })).Task.Name);
    }

    [Fact]
    public async Task GetTask_UnknownEnumValueFromBackend_UnspecifiedNotAnError()
    {
        _gateway.Sandbox.Faults.Enqueue("/instances/cdc-db-02/status", new SandboxFault(200, "{\"state\":\"hibernating\",\"operation_state\":\"defrag-processing-later\"}"));

        var task = (await _gateway.Client.GetTaskAsync(new GetTaskRequest { Name = $"sources/clouddc/projects/{Names.P}/instances/cdc-db-02/status" })).Task;

        Assert.Equal(CloudTask.Types.State.Unspecified, task.State);
        Assert.Equal("hibernating/defrag-processing-later", task.SourceState);
    }
}

/// <summary>A watch keeps going through transient upstream faults and still delivers the final state.</summary>
public class WatchFaultTests
{
    [Fact]
    public async Task WatchTask_TransientFaultsMidStream_StillDeliversDone()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(time, s =>
        {
            s["TaskGateway:Sources:dms:MinPollInterval"] = "00:00:01";
            s["TaskGateway:Sources:dms:MaxPollInterval"] = "00:00:01";
        });
        var hub = gateway.Services.GetRequiredService<WatchHub>();
        var key = new PollerKey("dms", Names.DmsLive, string.Empty);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var call = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.DmsLive }, cancellationToken: stop.Token);
        Assert.True(await call.ResponseStream.MoveNext(stop.Token));

        // Three failures in a row (a 503, a 429 and a dropped connection) are within the default budget of five.
        gateway.Sandbox.Faults.Enqueue("/scheduled-tasks", new SandboxFault(503, "{\"error_code\":\"DMS.503\",\"error_msg\":\"busy\"}"));
        gateway.Sandbox.Faults.Enqueue("/scheduled-tasks", new SandboxFault(429, "{\"error_code\":\"APIG.0308\",\"error_msg\":\"throttled\"}") { RetryAfter = TimeSpan.FromSeconds(4) });
        gateway.Sandbox.Faults.Enqueue("/scheduled-tasks", new SandboxFault(0) { Abort = true });

        var last = call.ResponseStream.Current;
        var reading = Task.Run(async () =>
        {
            while (await call.ResponseStream.MoveNext(stop.Token))
            {
                last = call.ResponseStream.Current;
            }
        });
        // Time moves only while the poller waits, so no poll is ever overtaken; a Retry-After takes several steps.
        await ConditionWait.StepUntilDoneAsync(reading, () =>
        {
            var polls = gateway.Watch.PollsOf(key);
            if (polls > 0 && gateway.Watch.WaitsOf(key) >= polls)
            {
                time.Advance(TimeSpan.FromSeconds(1));
            }
        }, "the watch", TimeSpan.FromSeconds(50));

        await reading;
        Assert.Equal(0, gateway.Sandbox.Faults.Pending);
        Assert.True(last.Task.Done);
        Assert.Equal("SUCCESS", last.Task.SourceState);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }
}
