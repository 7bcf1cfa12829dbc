using System.Net;
using Grpc.Core;
using Grpc.Health.V1;
using TaskGateway.Contracts.V1;
using TaskGateway.Sandbox;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TaskGateway.FunctionalTests;

/// <summary>grpc.health.v1 per source, fed by the source's circuit, and the HTTP probes for Kubernetes.</summary>
public class ProbeTests
{
    [Fact]
    public async Task HealthCheck_SourceCircuitOpen_ThatSourceNotServingOthersServing()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s["TaskGateway:Sources:clouddc:CircuitBreakerMinimumThroughput"] = "4";
            s["TaskGateway:Sources:clouddc:CircuitBreakerBreakDuration"] = "00:10:00";
        });
        var health = new Health.HealthClient(gateway.Channel);
        Assert.Equal(ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = "sources/clouddc" })).Status);

        gateway.Sandbox.Faults.Enqueue("/status", new SandboxFault(503, """{"error_code":"SYS.0503","error_msg":"down"}"""), times: 1000);
        for (var i = 0; i < 10; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive }).ResponseAsync);
        }

        Assert.Equal(ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest { Service = "sources/clouddc" })).Status);
        Assert.Equal(ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = "sources/astra" })).Status);
        Assert.Equal(ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
        Assert.Equal(ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = "taskgateway.v1.TaskService" })).Status);
    }

    [Fact]
    public async Task HealthCheck_UnknownService_NotFound()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();
        var e = await Assert.ThrowsAsync<RpcException>(() => new Health.HealthClient(gateway.Channel).CheckAsync(new HealthCheckRequest { Service = "sources/nope" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, e.StatusCode);
    }

    [Theory]
    [InlineData("/healthz/live")]
    [InlineData("/healthz/ready")]
    public async Task HttpProbe_RunningGateway_200Healthy(string path)
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();
        using var response = await gateway.Rest.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HealthCheck_LivenessCallerAuthenticationOnHealthOpened_ServingWithoutKey()
    {
        // As the container and the Kubernetes manifest run it: probes send no key, and health is opened for them.
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s["TaskGateway:Callers:ApiKeys:probe"] = "probe-key-0123456789abcdefghijkl";
            s["TaskGateway:Callers:Anonymous:Health"] = "true";
        });
        var response = await new Health.HealthClient(gateway.Channel).CheckAsync(new HealthCheckRequest { Service = "liveness" });
        using var ready = await gateway.Rest.GetAsync("/healthz/ready");

        Assert.Equal(ServingStatus.Serving, response.Status);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task HealthCheck_LivenessCallerAuthenticationOn_NeedsKeyByDefault()
    {
        const string key = "probe-key-0123456789abcdefghijkl";
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s => s["TaskGateway:Callers:ApiKeys:probe"] = key);
        var health = new Health.HealthClient(gateway.Channel);

        var e = await Assert.ThrowsAsync<RpcException>(() => health.CheckAsync(new HealthCheckRequest { Service = "liveness" }).ResponseAsync);
        using var live = await gateway.Rest.GetAsync("/healthz/live");
        var keyed = await health.CheckAsync(new HealthCheckRequest { Service = "liveness" }, new Metadata { { "x-api-key", key } });

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, live.StatusCode);
        Assert.Equal(ServingStatus.Serving, keyed.Status);
    }
}
