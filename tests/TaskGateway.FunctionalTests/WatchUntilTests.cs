using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using TaskGateway.Contracts.V1;
using TaskGateway.Watch;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.FunctionalTests;

/// <summary>WatchTask's until (wait for a condition, not only for done) over gRPC, NDJSON and SSE, on a fake clock.</summary>
public class WatchUntilTests
{
    private const string HalfDone = "progress_percent >= 50";

    [Fact]
    public async Task WatchTask_UntilHalfDone_GrpcNdjsonAndSseEndOkAtTheFirstMatch()
    {
        var time = WatchTests.Clock();
        await using var gateway = await WatchTests.StartAsync(time);
        var key = new PollerKey("astra", Names.AstraLive, string.Empty);
        var query = "?until=" + Uri.EscapeDataString(HalfDone);

        var grpc = ReadGrpcAsync(gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.AstraLive, Until = HalfDone }));
        var ndjson = ReadJsonAsync(gateway.Rest, $"/v1/{Names.AstraLive}:watch{query}", sse: false);
        var sse = ReadJsonAsync(gateway.Rest, $"/v1/{Names.AstraLive}:watch{query}", sse: true);
        var all = Task.WhenAll(grpc, ndjson, sse);
        await WatchTests.DriveAsync(gateway, time, key, streams: 3, () => all.IsCompleted);

        foreach (var events in await all)
        {
            // Every state before the last is short of half done; the last is half done, still running, not done. The
            // watch starts short of half done, so there is at least one event before the last.
            Assert.True(events.Count >= 2, $"{events.Count} events");
            Assert.All(events[..^1], e => Assert.True(e.Progress < 50));
            Assert.True(events[^1].Progress >= 50);
            Assert.Equal("RUNNING", events[^1].State);
            Assert.False(events[^1].Done);
        }

        Assert.Equal((await grpc).Select(e => e.Progress), (await ndjson).Select(e => e.Progress));
        Assert.Equal((await grpc).Select(e => e.Progress), (await sse).Select(e => e.Progress));
    }

    [Fact]
    public async Task WatchTask_CloudDcUntilDetailsRunning_PollsPastStoppedUntilRunning()
    {
        var time = WatchTests.Clock();
        await using var gateway = await WatchTests.StartAsync(time);
        var key = new PollerKey("clouddc", Names.CloudDcLive, string.Empty, PastDone: true);

        // The instance is installed (stopped: SUCCEEDED and done) before it is powered on (running).
        var call = ReadGrpcAsync(gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.CloudDcLive, Until = "details.state = running" }));
        await WatchTests.DriveAsync(gateway, time, key, streams: 1, () => call.IsCompleted);
        var events = await call;

        Assert.Contains(events, e => e.SourceState == "stopped/install-succeed" && e.Done);
        Assert.Equal("running/install-succeed", events[^1].SourceState);
        Assert.Single(events, e => e.SourceState.StartsWith("running", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WatchTask_UntilOnATaskThatEndedOtherwise_FailedPreconditionAfterItsState()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();
        using var call = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.AstraFailed, Until = "state = RUNNING" });

        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(State.Failed, call.ResponseStream.Current.Task.State);
        var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        var info = e.GetRpcStatus()!.GetDetail<ErrorInfo>();
        Assert.Equal("WATCH_CONDITION_UNREACHABLE", info.Reason);
        Assert.Equal("STATE_FAILED", info.Metadata["state"]);
    }

    [Theory]
    [InlineData("state = NOPE", "use one of")]
    [InlineData("details.operation_state = install-succeed", "do not have")]
    [InlineData("progress_percent >=", "ends where a value was expected")]
    public async Task WatchTask_BadUntil_InvalidArgumentOnUntilBeforeAnyUpstreamCall(string until, string message)
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();
        var before = gateway.Sandbox.Requests.Count;

        using var call = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.AstraLive, Until = until });
        var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        using var rest = await gateway.Rest.GetAsync($"/v1/{Names.AstraLive}:watch?until={Uri.EscapeDataString(until)}");

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        var violation = Assert.Single(e.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal("until", violation.Field);
        Assert.Contains(message, violation.Description, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, rest.StatusCode);
        Assert.Contains("until", await rest.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, gateway.Sandbox.Requests.Count);
    }

    private static async Task<List<Seen>> ReadGrpcAsync(AsyncServerStreamingCall<WatchTaskResponse> call)
    {
        using (call)
        {
            var events = new List<Seen>();
            await foreach (var e in call.ResponseStream.ReadAllAsync())
            {
                if (e.Type != WatchEventType.Heartbeat)
                {
                    events.Add(new(e.Task.State.ToString().ToUpperInvariant(), e.Task.SourceState, e.Task.HasProgressPercent ? e.Task.ProgressPercent : -1, e.Task.Done));
                }
            }

            return events;
        }
    }

    private static async Task<List<Seen>> ReadJsonAsync(HttpClient http, string path, bool sse)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (sse)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(sse ? "text/event-stream" : "application/json", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<Seen>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (sse && !line.StartsWith("data: ", StringComparison.Ordinal))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(sse ? line[6..] : line);
            var root = doc.RootElement;
            Assert.False(root.TryGetProperty("code", out _), "the stream ended with an error: " + line);
            if (root.GetProperty("type").GetString() == "HEARTBEAT")
            {
                continue;
            }

            var task = root.GetProperty("task");
            events.Add(new(task.GetProperty("state").GetString()!, task.GetProperty("sourceState").GetString()!,
                task.TryGetProperty("progressPercent", out var p) ? p.GetDouble() : -1, task.TryGetProperty("done", out var d) && d.GetBoolean()));
        }

        return events;
    }

    private sealed record Seen(string State, string SourceState, double Progress, bool Done);
}
