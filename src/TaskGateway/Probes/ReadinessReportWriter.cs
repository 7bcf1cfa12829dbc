using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TaskGateway.Probes;

/// <summary>
/// /healthz/ready's body: the overall status alone while everything is healthy (what probes and scripts compare with),
/// then one line per check that is not, saying why: a degraded subscription store names the setting that points at it.
/// </summary>
internal static class ReadinessReportWriter
{
    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "text/plain; charset=utf-8";
        var lines = report.Entries
            .Where(e => e.Value.Status != HealthStatus.Healthy)
            .Select(e => $"\n{e.Key}: {e.Value.Status}: {e.Value.Description}");
        return http.Response.WriteAsync(report.Status + string.Concat(lines));
    }
}
