using Google.Rpc;
using Grpc.Core;
using TaskGateway.Contracts.V1;
using StatusCode = Grpc.Core.StatusCode;

namespace TaskGateway.FunctionalTests;

/// <summary>
/// Every upstream exchange is bounded, body included: a body that trickles ends at the attempt timeout, one over the
/// source's MaxResponseBytes is refused as it arrives. Real time: the resilience pipeline's attempt timeout is short
/// (200 ms) and the assertions' bounds are generous. Serial: the memory test reads the process's allocation counter.
/// </summary>
[Collection(SerialTestGroup.Name)]
public class BoundedUpstreamTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static Task<GatewayInstance> StartAsync(MisbehavingUpstream upstream, int maxRetries = 0, Action<Dictionary<string, string?>>? configure = null) =>
        GatewayInstance.StartWithSourcesAsync(TimeProvider.System, s =>
        {
            s["TaskGateway:Sources:clouddc:Endpoint"] = upstream.Endpoint;
            s["TaskGateway:Sources:clouddc:AttemptTimeout"] = "00:00:00.2";
            s["TaskGateway:Sources:clouddc:TotalTimeout"] = "00:00:05";
            s["TaskGateway:Sources:clouddc:RetryDelay"] = "00:00:00.01";
            s["TaskGateway:Sources:clouddc:MaxRetries"] = maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture);
            configure?.Invoke(s);
        });

    private static ErrorInfo Info(RpcException e) => e.GetRpcStatus()!.GetDetail<ErrorInfo>();

    [Fact]
    public async Task GetTask_BodyTricklesPastAttemptTimeout_RetriedThenUnavailableUpstreamTimeout()
    {
        // Headers at once, then a byte every 50 ms for ever: each byte is in time, the body never is.
        await using var upstream = await MisbehavingUpstream.StartAsync(c => MisbehavingUpstream.TrickleAsync(c, t => Task.Delay(50, t)));
        await using var gateway = await StartAsync(upstream, maxRetries: 1);

        // No deadline of the caller's: only the gateway's own timeouts can end the call.
        var call = gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive }).ResponseAsync;
        var e = await Assert.ThrowsAsync<RpcException>(() => call.WaitAsync(Bound));

        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Equal("UPSTREAM_TIMEOUT", Info(e).Reason);
        Assert.NotNull(e.GetRpcStatus()!.GetDetail<RetryInfo>());
        Assert.Equal(2, upstream.Requests);
    }

    [Fact]
    public async Task GetTask_BodyOverMaxResponseBytes_UnavailableResponseTooLargeNotRetried()
    {
        await using var upstream = await MisbehavingUpstream.StartAsync(c => MisbehavingUpstream.StreamAsync(c, 64L * 1024 * 1024));
        await using var gateway = await StartAsync(upstream, maxRetries: 2, s =>
        {
            s["TaskGateway:Sources:clouddc:MaxResponseBytes"] = "1048576";
            s["TaskGateway:Sources:clouddc:AttemptTimeout"] = "00:00:10";
            s["TaskGateway:Sources:clouddc:TotalTimeout"] = "00:00:20";
        });

        var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive }).ResponseAsync.WaitAsync(Bound));

        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        var info = Info(e);
        Assert.Equal("UPSTREAM_RESPONSE_TOO_LARGE", info.Reason);
        Assert.Equal("1048576", info.Metadata["maxResponseBytes"]);
        Assert.Equal("clouddc", info.Metadata["source"]);
        Assert.DoesNotContain("unavailable", e.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Null(e.GetRpcStatus()!.GetDetail<RetryInfo>());
        Assert.Equal(1, upstream.Requests);
    }

    [Fact]
    public async Task GetTask_SeveralOversizedAnswersAtOnce_EachRefusedAndMemoryFlat()
    {
        const long bodyBytes = 64L * 1024 * 1024;
        const int calls = 4;
        await using var upstream = await MisbehavingUpstream.StartAsync(c => MisbehavingUpstream.StreamAsync(c, bodyBytes));
        await using var gateway = await StartAsync(upstream, configure: s =>
        {
            s["TaskGateway:Sources:clouddc:AttemptTimeout"] = "00:00:10";
            s["TaskGateway:Sources:clouddc:TotalTimeout"] = "00:00:20";
        });

        // Warm up the channel, the pools and the pipeline, so the measure below is of the oversized answers alone.
        await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive }).ResponseAsync.WaitAsync(Bound));

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var errors = await Task.WhenAll(Enumerable.Range(0, calls).Select(_ =>
            Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive }).ResponseAsync.WaitAsync(Bound))));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.All(errors, e => Assert.Equal("UPSTREAM_RESPONSE_TOO_LARGE", Info(e).Reason));
        // The default limit is 4 MiB: at most one limit's worth per call, far below one body, let alone all four.
        Assert.True(allocated < bodyBytes / 2, $"{allocated} bytes allocated for {calls} answers of {bodyBytes} bytes");
    }

    [Fact]
    public async Task WatchTask_PollsHangOnTrickledBodies_EachFailsAsTimeoutHeartbeatsGoOnThenUnavailable()
    {
        await using var upstream = await MisbehavingUpstream.StartAsync(c => MisbehavingUpstream.TrickleAsync(c, t => Task.Delay(50, t)));
        await using var gateway = await StartAsync(upstream, configure: s =>
        {
            s["TaskGateway:Sources:clouddc:MinPollInterval"] = "00:00:00.1";
            s["TaskGateway:Sources:clouddc:MaxPollInterval"] = "00:00:00.2";
            s["TaskGateway:Watch:HeartbeatInterval"] = "00:00:01";
            s["TaskGateway:Watch:ErrorBudget"] = "8";
        });

        using var call = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.CloudDcLive });
        var types = new List<WatchEventType>();
        var e = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var bound = new CancellationTokenSource(Bound);
            while (await call.ResponseStream.MoveNext(bound.Token))
            {
                types.Add(call.ResponseStream.Current.Type);
            }
        });

        // Every poll ended at the attempt timeout (8 of at least 200 ms each), so the watch spent its error budget
        // with heartbeats meanwhile, instead of hanging on the first poll's body.
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Equal("UPSTREAM_TIMEOUT", Info(e).Reason);
        Assert.True(upstream.Requests >= 8, $"{upstream.Requests} polls");
        Assert.NotEmpty(types);
        Assert.All(types, t => Assert.Equal(WatchEventType.Heartbeat, t));
    }
}
