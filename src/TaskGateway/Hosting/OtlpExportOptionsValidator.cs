using Microsoft.Extensions.Options;

namespace TaskGateway.Hosting;

/// <summary>Checks OTEL_EXPORTER_OTLP_ENDPOINT at start, so a mistyped endpoint is reported with every other problem.</summary>
internal sealed class OtlpExportOptionsValidator : IValidateOptions<OtlpExportOptions>
{
    public ValidateOptionsResult Validate(string? name, OtlpExportOptions options) =>
        options.Enabled && !Uri.TryCreate(options.Endpoint, UriKind.Absolute, out _)
            ? ValidateOptionsResult.Fail("OTEL_EXPORTER_OTLP_ENDPOINT: not an absolute URL (the value is not shown), e.g. http://collector:4317.")
            : ValidateOptionsResult.Success;
}
