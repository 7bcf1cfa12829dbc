using Microsoft.Extensions.Configuration;

namespace TaskGateway.Hosting;

/// <summary>
/// Whether traces and metrics are also exported over OTLP: the standard OTEL_EXPORTER_OTLP_ENDPOINT variable, at the
/// configuration's root. OpenTelemetry's exporter reads the endpoint itself; the gateway only decides to add it.
/// </summary>
internal sealed record OtlpExportOptions
{
    /// <summary>The root of the configuration: the variable is OpenTelemetry's, not the gateway's.</summary>
    public const string SectionName = "";

    /// <summary>The OTLP endpoint, when one is configured.</summary>
    [ConfigurationKeyName("OTEL_EXPORTER_OTLP_ENDPOINT")]
    public string? Endpoint { get; set; }

    /// <summary>Whether an exporter is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint);
}
