using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;
using TaskGateway.Core.Resilience;

namespace TaskGateway.Core.Telemetry;

/// <summary>
/// Outside the resilience pipeline: times each upstream call as the caller experiences it (retries included)
/// and records its outcome.
/// </summary>
public sealed class UpstreamMetricsHandler : DelegatingHandler
{
    private readonly GatewayTelemetry _telemetry;
    private readonly string _source;
    private readonly string _kind;
    private readonly UpstreamPurpose _purpose;
    private readonly TimeProvider _time;

    /// <summary>Creates the handler for one source pipeline.</summary>
    public UpstreamMetricsHandler(GatewayTelemetry telemetry, string source, string kind, UpstreamPurpose purpose, TimeProvider time)
    {
        _telemetry = telemetry;
        _source = source;
        _kind = kind;
        _purpose = purpose;
        _time = time;
    }

    // Status tags are cached strings: formatting one per response would allocate on every upstream call.
    private static readonly string[] StatusTexts = [.. Enumerable.Range(0, 600).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private static string StatusText(int status) => status is >= 0 and < 600 ? StatusTexts[status] : "invalid";

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        var outcome = "error";
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            outcome = StatusText((int)response.StatusCode);
            return response;
        }
        catch (Exception e)
        {
            outcome = e switch
            {
                BrokenCircuitException => "circuit_open",
                RateLimiterRejectedException => "concurrency_limit",
                TimeoutRejectedException => "timeout",
                OperationCanceledException => "cancelled",
                HttpRequestException => "transport",
                _ => "error",
            };
            throw;
        }
        finally
        {
            _telemetry.UpstreamCall(_source, _kind, _purpose, outcome, _time.GetElapsedTime(start));
        }
    }
}
