using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TaskGateway.Core.Resilience;
using TaskGateway.Core.Sources;
using TaskGateway.Security;

namespace TaskGateway.Probes;

/// <summary>
/// grpc.health.v1 and HTTP probes. gRPC service names: "" and "taskgateway.v1.TaskService" (ready), "liveness"
/// (the process answers), "events" (the subscription store: Degraded while down), and "sources/{alias}" per source (its circuit). HTTP on the REST port:
/// /healthz/live and /healthz/ready for Kubernetes.
/// </summary>
internal static class HealthExtensions
{
    public const string LivePath = "/healthz/live";
    public const string ReadyPath = "/healthz/ready";
    public const string LivenessService = "liveness";
    public const string TaskService = "taskgateway.v1.TaskService";
    public const string EventsService = "events";
    private const string ReadyTag = "ready";
    private const string LiveTag = "live";

    /// <summary>The grpc.health.v1 service name of a source.</summary>
    public static string ServiceOf(string alias) => "sources/" + alias;

    public static WebApplicationBuilder AddTaskGatewayHealth(this WebApplicationBuilder builder)
    {
        // The embedded sandbox, when it runs, has already put its sources into the configuration.
        var aliases = Hosting.OptionsRegistration.SourceAliases(builder.Configuration);

        var checks = builder.Services.AddGrpcHealthChecks(o =>
        {
            o.Services.Clear();
            o.Services.Map(string.Empty, r => r.Tags.Contains(ReadyTag));
            o.Services.Map(TaskService, r => r.Tags.Contains(ReadyTag));
            o.Services.Map(LivenessService, r => r.Tags.Contains(LiveTag));
            o.Services.Map(EventsService, r => r.Name == EventsService);
            foreach (var alias in aliases)
            {
                var name = "source:" + alias;
                o.Services.Map(ServiceOf(alias), r => r.Name == name);
            }
        });
        checks.AddCheck<ReadinessHealthCheck>("ready", tags: [ReadyTag]);

        // Part of readiness, but only ever Degraded (still SERVING, HTTP 200): a store that is down stops subscriptions, not the replica.
        checks.AddCheck<EventStoreHealthCheck>(EventsService, tags: [ReadyTag]);

        // Liveness asks only whether the process answers: nothing it depends on may make it restart.
        checks.AddCheck("live", () => HealthCheckResult.Healthy(), tags: [LiveTag]);
        foreach (var alias in aliases)
        {
            checks.Add(new HealthCheckRegistration("source:" + alias, sp => new SourceHealthCheck(alias, sp.GetRequiredService<SourceCircuits>()), null, ["source"]));
        }

        return builder;
    }

    /// <summary>
    /// Maps the probes; with caller authentication on they need credentials like everything else unless
    /// <paramref name="anonymous"/> (TaskGateway:Callers:Anonymous:Health) opens them to probes without a key.
    /// </summary>
    public static WebApplication MapTaskGatewayHealth(this WebApplication app, Func<CallerAnonymousOptions, bool> anonymous)
    {
        app.MapGrpcHealthChecksService().AllowAnonymousWhen(anonymous);
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) }).AllowAnonymousWhen(anonymous);
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadyTag), ResponseWriter = ReadinessReportWriter.WriteAsync }).AllowAnonymousWhen(anonymous);
        app.MapGet(SourcesHealthReport.Path, (HealthCheckService health, CancellationToken cancel) => SourcesHealthReport.AnswerAsync(health, cancel));
        return app;
    }
}
