using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TaskGateway.Contracts.V1;

namespace TaskGateway.FunctionalTests;

/// <summary>
/// What of a caller's trace context reaches a backend: the traceparent only (never its tracestate or baggage), with
/// the sampled flag the gateway's sampling policy decided. Serial: an ActivityListener of another test (or another
/// gateway's tracer) would make the gateway's spans recorded whatever its own sampler said.
/// </summary>
[Collection(SerialTestGroup.Name)]
public sealed class TracePropagationTests
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string CallerSpanId = "00f067aa0ba902b7";

    private static Metadata CallerContext(string flags) => new()
    {
        { "traceparent", $"00-{TraceId}-{CallerSpanId}-{flags}" },
        { "tracestate", "caller=secret-tenant-data" },
        { "baggage", "user.id=alice,session=s3cr3t" },
    };

    [Fact]
    public async Task GetTask_CallerSendsTraceparentTracestateAndBaggage_BackendReceivesTraceparentOnly()
    {
        await using var upstream = await HeaderRecorder.StartAsync();
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s => s["TaskGateway:Sources:astra:Endpoint"] = upstream.Endpoint);

        await Assert.ThrowsAsync<RpcException>(() => Untraced(gateway).GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, CallerContext("01")).ResponseAsync);

        var headers = Assert.Single(upstream.Requests);
        Assert.False(headers.ContainsKey("tracestate"), "tracestate reached the backend: " + Dump(headers));
        Assert.False(headers.ContainsKey("baggage"), "baggage reached the backend: " + Dump(headers));
        Assert.False(headers.ContainsKey("Correlation-Context"), "baggage reached the backend: " + Dump(headers));
        Assert.DoesNotContain(headers.Values, v => v.Contains("s3cr3t", StringComparison.Ordinal) || v.Contains("secret-tenant", StringComparison.Ordinal));
        Assert.True(headers["traceparent"].StartsWith($"00-{TraceId}-", StringComparison.Ordinal), "the caller's trace was not continued: " + Dump(headers));
        Assert.DoesNotContain(CallerSpanId, headers["traceparent"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTask_CallerSampledByDefault_GatewaysRatioDecidesTheFlagSentUpstream()
    {
        // No exporter: the gateway records nothing (ratio 0), and by default a caller's sampled flag does not override it.
        await using var upstream = await HeaderRecorder.StartAsync();
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s => s["TaskGateway:Sources:astra:Endpoint"] = upstream.Endpoint);

        await Assert.ThrowsAsync<RpcException>(() => Untraced(gateway).GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, CallerContext("01")).ResponseAsync);

        var sent = Assert.Single(upstream.Requests)["traceparent"];
        Assert.Matches($"^00-{TraceId}-[0-9a-f]{{16}}-00$", sent);
    }

    [Fact]
    public async Task GetTask_CallerSampledWithTrustCallerSampling_CallersFlagSentUpstream()
    {
        await using var upstream = await HeaderRecorder.StartAsync();
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s["TaskGateway:Sources:astra:Endpoint"] = upstream.Endpoint;
            s["TaskGateway:Telemetry:TrustCallerSampling"] = "true";
        });

        await Assert.ThrowsAsync<RpcException>(() => Untraced(gateway).GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, CallerContext("01")).ResponseAsync);

        var sent = Assert.Single(upstream.Requests)["traceparent"];
        Assert.Matches($"^00-{TraceId}-[0-9a-f]{{16}}-01$", sent);
    }

    [Fact]
    public async Task Start_TrustCallerSamplingNotABoolean_RefusesToStart()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => GatewayInstance.StartWithSourcesAsync(configure: s => s["TaskGateway:Telemetry:TrustCallerSampling"] = "sometimes"));

        Assert.Contains("TaskGateway:Telemetry:TrustCallerSampling", e.ToString(), StringComparison.Ordinal);
    }

    // A client that sends exactly the headers given: its own HttpClient would otherwise replace the caller's traceparent
    // with one of its activity's (the gateway's tracer listens to HttpClient activities in this process).
    private static TaskService.TaskServiceClient Untraced(GatewayInstance gateway) =>
        new(GrpcChannel.ForAddress(gateway.GrpcAddress, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator() },
        }));

    private static string Dump(IReadOnlyDictionary<string, string> headers) => string.Join("; ", headers.Select(h => $"{h.Key}: {h.Value}"));

    /// <summary>A loopback backend that answers every request with 404 and keeps its headers.</summary>
    private sealed class HeaderRecorder : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<IReadOnlyDictionary<string, string>> _requests = new();

        private HeaderRecorder(WebApplication app) => _app = app;

        public string Endpoint => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        public IReadOnlyList<IReadOnlyDictionary<string, string>> Requests => [.. _requests];

        public static async Task<HeaderRecorder> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var recorder = new HeaderRecorder(app);
            app.Run(http =>
            {
                recorder._requests.Enqueue(http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                http.Response.ContentType = "application/problem+json";
                return http.Response.WriteAsync("""{"type":"https://astra.netapp.io/problems/2","title":"Not found","detail":"no such task","status":"404"}""");
            });
            await app.StartAsync();
            return recorder;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
