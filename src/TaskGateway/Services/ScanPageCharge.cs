using TaskGateway.Contracts.V1;
using System.Threading.RateLimiting;
using Grpc.Core;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Resilience;
using TaskGateway.Logging;
using TaskGateway.Security;

namespace TaskGateway.Services;

/// <summary>
/// One caller's GetTask scan: each list page beyond the first is counted, and taken from the caller's call rate
/// (TaskGateway:Callers:RequestsPerSecond) when one is set, as if the caller had made that call itself. Over the rate,
/// the scan stops with RESOURCE_EXHAUSTED and a retry delay, like any call over it.
/// </summary>
internal sealed class ScanPageCharge : IScanPageCharge
{
    private readonly string _caller;
    private readonly CallerLimits _limits;
    private readonly GatewayCounters _counters;
    private readonly ILogger _logger;

    public ScanPageCharge(string caller, CallerLimits limits, GatewayCounters counters, ILogger logger)
    {
        _caller = caller;
        _limits = limits;
        _counters = counters;
        _logger = logger;
    }

    public void Charge(string source)
    {
        if (!_limits.LimitsCalls)
        {
            _counters.ScanPage(source, refused: false);
            return;
        }

        using var lease = _limits.AcquireCall(_caller);
        _counters.ScanPage(source, refused: !lease.IsAcquired);
        if (lease.IsAcquired)
        {
            return;
        }

        Log.CallerLimited(_logger, _caller, "calls (GetTask list scan pages)");
        var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero ? after : TimeSpan.FromSeconds(1);
        throw new GatewayException(StatusCode.ResourceExhausted, ErrorReason.RateLimited,
            $"Finding this task on source '{source}' reads its list page by page, and each page beyond the first counts as a call: " +
            "this caller ran out of its call rate before the task turned up. Retry after the suggested delay, or page through ListTasks on its parent.",
            new Dictionary<string, string> { ["source"] = source },
            retry);
    }
}
