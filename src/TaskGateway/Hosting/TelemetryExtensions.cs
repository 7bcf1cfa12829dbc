using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TaskGateway.Core.Telemetry;

namespace TaskGateway.Hosting;

/// <summary>
/// OpenTelemetry: a server span per RPC (ASP.NET Core), a client span per upstream attempt (HttpClient) as its
/// child, W3C trace context sent to the backends, the gateway's own meter, and a Prometheus scrape endpoint at
/// /metrics on the REST port. Setting OTEL_EXPORTER_OTLP_ENDPOINT also exports both over OTLP.
/// </summary>
internal static class TelemetryExtensions
{
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddTaskGatewayTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<GatewayTelemetry>();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("taskgateway", serviceVersion: typeof(TelemetryExtensions).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing =>
            {
                tracing.AddSource(GatewayTelemetry.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsPlumbing(http.Request.Path))
                    .AddHttpClientInstrumentation(o => o.EnrichWithHttpResponseMessage = (activity, response) =>
                    {
                        if (response.Headers.TryGetValues("X-Request-Id", out var ids))
                        {
                            activity.SetTag("taskgateway.upstream.request_id", ids.FirstOrDefault());
                        }
                    });
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(GatewayTelemetry.Name)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        return builder;
    }

    public static WebApplication MapTaskGatewayTelemetry(this WebApplication app)
    {
        // Only on the REST port: the gRPC port is HTTP/2 only, and scrapers speak HTTP/1.1.
        var addresses = app.Services.GetRequiredService<GatewayAddresses>();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(http =>
            http.Request.Path == MetricsPath && http.Connection.LocalPort == addresses.Rest.Port);
        return app;
    }

    private static bool IsPlumbing(PathString path) =>
        path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/grpc.health.v1.Health");
}
