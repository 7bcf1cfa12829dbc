using Grpc.Core;
using TaskGateway.Contracts.V1;
using TaskGateway.Sandbox;

namespace TaskGateway.FunctionalTests;

/// <summary>Metrics as Prometheus scrapes them; alone, since every gateway in the process shares the meter's name.</summary>
[Collection(SerialTestGroup.Name)]
public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_AfterCallsAndWatches_ScrapedOnRestPortOnly()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();
        await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive });
        gateway.Sandbox.Faults.Enqueue("/status", new SandboxFault(503, """{"error_code":"SYS.0503","error_msg":"down"}"""));
        await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive }).ResponseAsync);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.AstraLive }, cancellationToken: stop.Token);
        Assert.True(await watch.ResponseStream.MoveNext(stop.Token));

        var text = await gateway.Rest.GetStringAsync("/metrics", stop.Token);

        Assert.Matches("taskgateway_upstream_duration_seconds_bucket\\{[^}]*kind=\"AstraTask\"[^}]*purpose=\"request\"[^}]*source=\"astra\"[^}]*status=\"200\"", text);
        Assert.Matches("taskgateway_upstream_duration_seconds_count\\{[^}]*source=\"clouddc\"[^}]*status=\"503\"", text);
        // Serial: a gateway's exporter listens to every meter of its name in the process, so another test's stream closing
        // while this one runs would subtract from the gauge.
        Assert.Matches("taskgateway_watch_streams_active\\{[^}]*method=\"WatchTask\"[^}]*\\} [1-9]", text);
        Assert.Contains("taskgateway_watch_pollers_active", text, StringComparison.Ordinal);
        Assert.Matches("taskgateway_watch_subscriptions_total\\{[^}]*shared=\"false\"", text);
        Assert.Contains("taskgateway_source_circuit_state", text, StringComparison.Ordinal);

        using var onGrpcPort = new HttpClient { BaseAddress = gateway.GrpcAddress, DefaultRequestVersion = System.Net.HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var refused = await onGrpcPort.GetAsync("/metrics", stop.Token);
        Assert.NotEqual(System.Net.HttpStatusCode.OK, refused.StatusCode);
    }
}
