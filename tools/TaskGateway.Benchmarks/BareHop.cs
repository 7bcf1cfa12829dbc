using System.Net;
using System.Text.Json;
using System.Diagnostics;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Telemetry;

namespace TaskGateway.Benchmarks;

/// <summary>
/// The floor the gateway is compared with: the same contract served by a bare Grpc.AspNetCore server whose GetTask
/// makes one plain HttpClient GET to the upstream and returns the task's name and status, with no validation,
/// resilience, telemetry, security or mapping. What the gateway costs beyond it is the price of its features.
/// It serves gRPC (h2c) on one port and, on a second, the same method through gRPC JSON transcoding over HTTP/1.1,
/// as the gateway's REST route does: the floor of a REST route that translates rather than copies bytes.
/// With <c>libraries</c> it also runs the libraries the gateway's features are built on, set up the way the gateway
/// sets them up for the benchmark's configuration (no caller credentials), with none of the gateway's own code:
/// OpenTelemetry (unsampled server and client spans carrying only the traceparent, ASP.NET Core and HttpClient
/// metrics, a Prometheus endpoint), the standard resilience handler on an IHttpClientFactory client, and the
/// authorization middleware (without caller credentials the gateway skips authentication, so this hop does too).
/// It is a reference for what those libraries cost on this hop; the gateway also does more with each of them (its own
/// meter and spans, a pipeline per credential scope with its own callbacks, an authorization policy). Leaving one of
/// them out (<see cref="HopLibraries"/>) prices it on the hop.
/// </summary>
internal static class BareHop
{
    public static async Task<int> RunAsync(Uri upstream, HopLibraries? libraries)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2);
            k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddGrpc().AddJsonTranscoding(o => o.JsonSettings.RemoveEnumPrefix = true);
        if (libraries is not null)
        {
            AddLibraries(builder, upstream, libraries);
        }
        else
        {
            builder.Services.AddSingleton(new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = upstream });
        }

        var app = builder.Build();
        if (libraries is not null)
        {
            app.UseAuthorization();
        }

        if (libraries?.Metrics == true)
        {
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

    private static void AddLibraries(WebApplicationBuilder builder, Uri upstream, HopLibraries libraries)
    {
        // Mirrors src/TaskGateway/Hosting/TelemetryExtensions.cs (AddTraceParentOnlyPropagation, SamplerOf) and the
        // client set-up of SourceExtensions.AddPipeline: keep them in step. As the gateway: the W3C traceparent only, read from callers and written to the upstream (OpenTelemetry's own
        // propagator reduced to trace context, which leaves extraction and injection to ASP.NET Core and HttpClient),
        // and a ratio sampler at 0 without an exporter that ignores the caller's flag (spans carry the trace context,
        // record nothing).
        Sdk.SetDefaultTextMapPropagator(new TraceContextPropagator());
        builder.Services.Replace(ServiceDescriptor.Singleton<DistributedContextPropagator>(TraceParentPropagator.Instance));
        var never = new TraceIdRatioBasedSampler(0);
        var telemetry = builder.Services.AddOpenTelemetry();
        if (libraries.Tracing)
        {
            telemetry.WithTracing(t => t.SetSampler(new ParentBasedSampler(never, remoteParentSampled: never, remoteParentNotSampled: never))
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/metrics"))
                .AddHttpClientInstrumentation(o => o.EnrichWithHttpResponseMessage = (activity, response) =>
                {
                    if (response.Headers.TryGetValues("X-Request-Id", out var ids))
                    {
                        activity.SetTag("upstream.request_id", ids.FirstOrDefault());
                    }
                }));
        }

        if (libraries.Metrics)
        {
            telemetry.WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddPrometheusExporter());
        }

        builder.Services.AddAuthorization();
        var client = builder.Services.AddHttpClient(Options.DefaultName, c => c.BaseAddress = upstream)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseCookies = false, ActivityHeadersPropagator = TraceParentPropagator.Instance })
            .RemoveAllLoggers();
        if (libraries.Resilience)
        {
            client.AddStandardResilienceHandler();
        }

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
