using System.Net;
using System.Text.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Benchmarks;

/// <summary>
/// The floor the gateway is compared with: the same contract served by a bare Grpc.AspNetCore server whose GetTask
/// makes one plain HttpClient GET to the upstream and returns the task's name and status, with no validation,
/// resilience, telemetry, security or mapping. What the gateway costs beyond it is the price of its features.
/// It serves gRPC (h2c) on one port and, on a second, the same method through gRPC JSON transcoding over HTTP/1.1,
/// as the gateway's REST route does: the floor of a REST route that translates rather than copies bytes.
/// With <c>libraries</c> it also runs the libraries the gateway's features are built on, configured as the gateway
/// configures them, with none of the gateway's own code: OpenTelemetry (unsampled server and client spans carrying
/// the trace context, ASP.NET Core and HttpClient metrics, a Prometheus endpoint), the standard resilience handler
/// on an IHttpClientFactory client, and the authentication and authorization middleware. A gateway that keeps those
/// features on those libraries cannot be cheaper than this.
/// </summary>
internal static class BareHop
{
    public static async Task<int> RunAsync(Uri upstream, bool libraries)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2);
            k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddGrpc().AddJsonTranscoding(o => o.JsonSettings.RemoveEnumPrefix = true);
        if (libraries)
        {
            AddLibraries(builder, upstream);
        }
        else
        {
            builder.Services.AddSingleton(new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = upstream });
        }

        var app = builder.Build();
        if (libraries)
        {
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapPrometheusScrapingEndpoint("/metrics");
        }

        app.MapGrpcService<Service>();
        await app.StartAsync().ConfigureAwait(false);
        // Kestrel lists the addresses in the order they were configured: h2c first, then HTTP/1.1.
        var addresses = app.Urls.ToList();
        Console.WriteLine($"bare hop listening on {addresses[0]}");
        Console.WriteLine($"bare hop REST on {addresses[1]}");
        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }

    private static void AddLibraries(WebApplicationBuilder builder, Uri upstream)
    {
        // As the gateway: a ratio sampler at 0 without an exporter (spans carry the trace context, record nothing).
        builder.Services.AddOpenTelemetry()
            .WithTracing(t => t.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(0)))
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/metrics"))
                .AddHttpClientInstrumentation(o => o.EnrichWithHttpResponseMessage = (activity, response) =>
                {
                    if (response.Headers.TryGetValues("X-Request-Id", out var ids))
                    {
                        activity.SetTag("upstream.request_id", ids.FirstOrDefault());
                    }
                }))
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddPrometheusExporter());
        builder.Services.AddAuthentication();
        builder.Services.AddAuthorization();
        builder.Services.AddHttpClient(Options.DefaultName, c => c.BaseAddress = upstream)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseCookies = false })
            .RemoveAllLoggers()
            .AddStandardResilienceHandler();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IHttpClientFactory>().CreateClient());
    }

    private sealed class Service(HttpClient http) : TaskService.TaskServiceBase
    {
        public override async Task<GetTaskResponse> GetTask(GetTaskRequest request, ServerCallContext context)
        {
            var id = request.Name[(request.Name.LastIndexOf('/') + 1)..];
            using var message = new HttpRequestMessage(HttpMethod.Get, $"/v5/iot/{MinimalUpstream.Project}/iotda-instances/{MinimalUpstream.Instance}/tasks/{id}");
            message.Headers.Add("X-Auth-Token", MinimalUpstream.Token);
            using var response = await http.SendAsync(message, context.CancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(context.CancellationToken).ConfigureAwait(false);
            using var json = JsonDocument.Parse(body);
            return new GetTaskResponse
            {
                Task = new CloudTask { Name = request.Name, SourceState = json.RootElement.GetProperty("status").GetString() ?? string.Empty },
            };
        }
    }
}
