using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TaskGateway.Probes;

/// <summary>
/// /healthz/sources: each configured source's health as its circuits see it (the per-source checks behind
/// grpc.health.v1's "sources/{alias}"), as JSON for the console's Sources page and for scripts. It names every
/// source, so it always needs a caller's credential when authentication is on, even with Anonymous:Health (which
/// opens the probes, whose answers name no healthy source).
/// </summary>
internal static class SourcesHealthReport
{
    public const string Path = "/healthz/sources";
    private const string Prefix = "source:";

    /// <summary>One source's entry: its alias, Healthy, Degraded or Unhealthy, and why when it is not healthy.</summary>
    internal sealed record Entry(string Alias, string Status, string? Description);

    /// <summary>The answer's body.</summary>
    internal sealed record Report(IReadOnlyList<Entry> Sources);

    public static async Task<IResult> AnswerAsync(HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(r => r.Name.StartsWith(Prefix, StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
        return Results.Json(Of(report), WebConsole.ConsoleEndpoints.Json);
    }

    internal static Report Of(HealthReport report) =>
        new([.. report.Entries
            .Where(e => e.Key.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(e => new Entry(e.Key[Prefix.Length..], e.Value.Status.ToString(), e.Value.Description))
            .OrderBy(e => e.Alias, StringComparer.Ordinal)]);
}
