using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TaskGateway.Core.Telemetry;
using TaskGateway.Security;

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
        var ratio = TraceSampleRatio(builder.Configuration["TaskGateway:Telemetry:TraceSampleRatio"], otlp);

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("taskgateway", serviceVersion: typeof(TelemetryExtensions).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing =>
            {
                // A caller's sampling decision (the traceparent's sampled flag) always wins; traces the gateway
                // starts are sampled at the configured ratio. Unsampled spans still carry the trace context to the
                // backends and into the logs, but record nothing.
                tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)))
                    .AddSource(GatewayTelemetry.Name)
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

    public static WebApplication MapTaskGatewayTelemetry(this WebApplication app, bool anonymous)
    {
        // An endpoint (not a middleware), so the callers' authorization policy covers it like any other: open to
        // callers without credentials only with TaskGateway:Callers:Anonymous:Metrics. Only on the REST port: the
        // gRPC port is HTTP/2 only, and scrapers speak HTTP/1.1.
        var addresses = app.Services.GetRequiredService<GatewayAddresses>();
        app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch => branch.Use((http, next) =>
        {
            if (http.Connection.LocalPort != addresses.Rest.Port)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(http);
        }), optionsName: null).AllowAnonymousWhen(anonymous);
        return app;
    }

    /// <summary>
    /// TaskGateway:Telemetry:TraceSampleRatio (0 to 1): the share of traces the gateway starts that it records. By
    /// default all of them when an exporter is configured, and none otherwise: nothing would receive them.
    /// </summary>
    private static double TraceSampleRatio(string? text, bool exporter)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return exporter ? 1.0 : 0.0;
        }

        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var ratio) && ratio is >= 0 and <= 1
            ? ratio
            : throw new GatewayConfigurationException($"TaskGateway:Telemetry:TraceSampleRatio: '{text}' must be a number from 0 to 1.");
    }

    private static bool IsPlumbing(PathString path) =>
        path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/grpc.health.v1.Health");
}
