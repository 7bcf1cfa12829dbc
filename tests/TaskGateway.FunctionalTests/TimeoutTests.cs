using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using TaskGateway.Contracts.V1;
using TaskGateway.Sandbox;
using StatusCode = Grpc.Core.StatusCode;

namespace TaskGateway.FunctionalTests;

/// <summary>A backend that does not answer: the attempt timeout fires on the gateway's (fake) clock.</summary>
public class TimeoutTests
{
    [Fact]
    public async Task GetTask_BackendSlowerThanAttemptTimeout_UnavailableUpstreamTimeout()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(time, s => s["TaskGateway:Sources:clouddc:AttemptTimeout"] = "00:00:05");
        var before = gateway.Sandbox.Requests.Count;
        gateway.Sandbox.Faults.Enqueue("/status", new SandboxFault(200, "{\"state\":\"running\"}") { Delay = TimeSpan.FromMinutes(5) });

        var call = gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive }).ResponseAsync;
        await ConditionWait.UntilAsync(() => gateway.Sandbox.Requests.Count > before, "the request reaching the sandbox", TimeSpan.FromSeconds(30));

        time.Advance(TimeSpan.FromSeconds(6));
        var e = await Assert.ThrowsAsync<RpcException>(() => call);

        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Equal("UPSTREAM_TIMEOUT", e.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
        Assert.NotNull(e.GetRpcStatus()!.GetDetail<RetryInfo>());
    }

    [Fact]
    public async Task GetTask_BackendSlowButWithinAttemptTimeout_Served()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(time, s => s["TaskGateway:Sources:clouddc:AttemptTimeout"] = "00:00:05");
        gateway.Sandbox.Faults.Enqueue("/status", new SandboxFault(200) { Delay = TimeSpan.FromSeconds(3), PassThrough = true });

        var call = gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive }).ResponseAsync;
        await ConditionWait.UntilAsync(() => gateway.Sandbox.Requests.Delaying > 0, "the sandbox delaying its answer", TimeSpan.FromSeconds(30));

        time.Advance(TimeSpan.FromSeconds(3));
        var response = await call.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Names.CloudDcLive, response.Task.Name);
    }
}
