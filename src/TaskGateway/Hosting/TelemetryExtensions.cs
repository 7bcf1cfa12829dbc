using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TaskGateway.Core.Telemetry;
using TaskGateway.Security;

namespace TaskGateway.Hosting;

/// <summary>
/// OpenTelemetry: a server span per RPC (ASP.NET Core), a client span per upstream attempt (HttpClient) as its
/// child, the W3C traceparent (only) sent to the backends, the gateway's own meter, and a Prometheus scrape endpoint at
/// /metrics on the REST port. Setting OTEL_EXPORTER_OTLP_ENDPOINT also exports both over OTLP.
/// </summary>
internal static class TelemetryExtensions
{
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddTaskGatewayTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<GatewayTelemetry>();
        builder.Services.AddGatewayOptions<TelemetryOptions, TelemetryOptionsValidator>(builder.Configuration, TelemetryOptions.SectionName);

        // Whether to add the OTLP exporters is decided while registering them, before the container exists.
        var otlp = builder.BindEarly<OtlpExportOptions, OtlpExportOptionsValidator>(OtlpExportOptions.SectionName).Enabled;
        AddTraceParentOnlyPropagation(builder.Services);

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("taskgateway", serviceVersion: typeof(TelemetryExtensions).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing =>
            {
                // A caller's traceparent always joins its trace; whether the gateway records it is the gateway's
                // decision: the configured ratio, like traces the gateway starts, unless TrustCallerSampling lets the
                // caller's sampled flag decide (a caller could otherwise have every one of its calls recorded and
                // exported). Unsampled spans still carry the trace context to the backends and into the logs, but
                // record nothing; the backends see the gateway's decision in the flag.
                tracing.SetSampler(sp => SamplerOf(sp.GetRequiredService<IOptions<TelemetryOptions>>().Value, otlp))
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

    public static WebApplication MapTaskGatewayTelemetry(this WebApplication app, Func<CallerAnonymousOptions, bool> anonymous)
    {
        // An endpoint (not a middleware), so the callers' authorization policy covers it like any other: open to
        // callers without credentials only with TaskGateway:Callers:Anonymous:Metrics. Only on the REST port: the
        // gRPC port is HTTP/2 only, and scrapers speak HTTP/1.1.
        var addresses = app.Services.GetRequiredService<GatewayAddresses>();
        app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch => branch.Use((http, next) =>
        {
            if (!addresses.IsRest(http))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(http);
        }), optionsName: null).AllowAnonymousWhen(anonymous);
        return app;
    }

    /// <summary>
    /// A caller's tracestate and baggage stop at the gateway: ASP.NET Core reads only the traceparent of a request
    /// (the propagator in the container is the one it extracts with), and the backends' HttpClients write only the
    /// traceparent of their span. OpenTelemetry's own propagator is reduced to W3C trace context, which makes its
    /// instrumentation leave extraction and injection to those two (it injects baggage itself otherwise); that
    /// setting is process-wide, as OpenTelemetry keeps it.
    /// </summary>
    private static void AddTraceParentOnlyPropagation(IServiceCollection services)
    {
        Sdk.SetDefaultTextMapPropagator(new TraceContextPropagator());
        services.Replace(ServiceDescriptor.Singleton<DistributedContextPropagator>(TraceParentPropagator.Instance));

        // After every client's own configuration, which sets its primary handler.
        services.PostConfigureAll<HttpClientFactoryOptions>(options => options.HttpMessageHandlerBuilderActions.Add(handlers =>
        {
            if (handlers.PrimaryHandler is SocketsHttpHandler sockets)
            {
                sockets.ActivityHeadersPropagator = TraceParentPropagator.Instance;
            }
        }));
    }

    // Read when the tracer provider is built, once start-up has validated TaskGateway:Telemetry.
    private static ParentBasedSampler SamplerOf(TelemetryOptions telemetry, bool exporter)
    {
        var own = new TraceIdRatioBasedSampler(telemetry.EffectiveSampleRatio(exporter));
        return telemetry.TrustCallerSampling ? new ParentBasedSampler(own) : new ParentBasedSampler(own, remoteParentSampled: own, remoteParentNotSampled: own);
    }

    private static bool IsPlumbing(PathString path) =>
        path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/grpc.health.v1.Health");
}
