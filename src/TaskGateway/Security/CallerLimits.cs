using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace TaskGateway.Security;

/// <summary>
/// Per-caller limiters: a token bucket for calls (when configured), a concurrency limit for calls in flight, and one
/// for open watch streams.
/// </summary>
internal sealed class CallerLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _calls;
    private readonly PartitionedRateLimiter<string> _watches;
    private readonly PartitionedRateLimiter<string> _inFlight;

    public CallerLimits(IOptions<CallerOptions> options)
    {
        var o = options.Value;
        _calls = o.RequestsPerSecond is not { } rate ? null : PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = o.EffectiveBurst,
            TokensPerPeriod = rate,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        _watches = PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetConcurrencyLimiter(caller, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = o.MaxWatchStreams,
            QueueLimit = 0,
        }));
        _inFlight = PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetConcurrencyLimiter(caller, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = o.MaxCallsInFlight,
            QueueLimit = 0,
        }));
    }

    /// <summary>Whether calls are rate limited at all (TaskGateway:Callers:RequestsPerSecond set).</summary>
    public bool LimitsCalls => _calls is not null;

    /// <summary>
    /// Takes one call from the caller's bucket; the lease says whether it was granted and, if not, when to retry.
    /// Only when <see cref="LimitsCalls"/>.
    /// </summary>
    public RateLimitLease AcquireCall(string caller) => (_calls ?? throw new InvalidOperationException("Calls are not rate limited.")).AttemptAcquire(caller);

    /// <summary>Takes one watch slot, held until the lease is disposed.</summary>
    public RateLimitLease AcquireWatch(string caller) => _watches.AttemptAcquire(caller);

    /// <summary>Takes one slot of the caller's calls in flight, held until the lease is disposed.</summary>
    public RateLimitLease AcquireInFlight(string caller) => _inFlight.AttemptAcquire(caller);

    public void Dispose()
    {
        _inFlight.Dispose();
        _calls?.Dispose();
        _watches.Dispose();
    }
}
