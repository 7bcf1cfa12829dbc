namespace TaskGateway.Hosting;

/// <summary>How the gateway samples traces: TaskGateway:Telemetry.</summary>
internal sealed record TelemetryOptions
{
    public const string SectionName = "TaskGateway:Telemetry";

    /// <summary>
    /// The share of traces the gateway starts that it records (0 to 1). Unset: all of them when an exporter is
    /// configured (OTEL_EXPORTER_OTLP_ENDPOINT), and none otherwise: nothing would receive them.
    /// </summary>
    public double? TraceSampleRatio { get; set; }

    /// <summary>
    /// Whether a caller's sampled flag decides if the gateway records its trace, rather than TraceSampleRatio; false
    /// by default, since a caller could otherwise have every one of its calls recorded and exported.
    /// </summary>
    public bool TrustCallerSampling { get; set; }

    /// <summary>The ratio in force, given whether an exporter is configured.</summary>
    public double EffectiveSampleRatio(bool exporter) => TraceSampleRatio ?? (exporter ? 1.0 : 0.0);
}
