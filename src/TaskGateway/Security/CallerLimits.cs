using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace TaskGateway.Security;

/// <summary>
/// Per-caller limiters: a token bucket for calls (when configured), a concurrency limit for calls in flight, and one
/// for open watch streams.
/// </summary>
internal sealed class CallerLimits : IDisposable
{
    private readonly CallerCallBuckets? _calls;
    private readonly PartitionedRateLimiter<string> _watches;
    // Calls in flight per caller: a counter per caller instead of a PartitionedRateLimiter of concurrency limiters,
    // which took a global lock, ran the partitioner (a closure allocated per call) and a limiter's lock on every call.
    private readonly ConcurrentDictionary<string, InFlightCount> _inFlight = new(StringComparer.Ordinal);
    private readonly int _maxInFlight;

    public CallerLimits(IOptions<CallerOptions> options, TimeProvider time)
    {
        var o = options.Value;

        // On the gateway's clock, not the runtime limiter's own timer: refill is then whatever that clock says.
        _calls = o.RequestsPerSecond is not { } rate ? null : new CallerCallBuckets(rate, o.EffectiveBurst, time);
        _watches = PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetConcurrencyLimiter(caller, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = o.MaxWatchStreams,
            QueueLimit = 0,
        }));
        _maxInFlight = o.MaxCallsInFlight;
    }

    /// <summary>Whether calls are rate limited at all (TaskGateway:Callers:RequestsPerSecond set).</summary>
    public bool LimitsCalls => _calls is not null;

    /// <summary>
    /// Takes one call from the caller's bucket; the lease says whether it was granted and, if not, when to retry.
    /// Only when <see cref="LimitsCalls"/>.
    /// </summary>
    public RateLimitLease AcquireCall(string caller) => (_calls ?? throw new InvalidOperationException("Calls are not rate limited.")).Take(caller);

    /// <summary>Takes one watch slot, held until the lease is disposed.</summary>
    public RateLimitLease AcquireWatch(string caller) => _watches.AttemptAcquire(caller);

    /// <summary>Takes one slot of the caller's calls in flight, held until the lease is disposed.</summary>
    public RateLimitLease AcquireInFlight(string caller)
    {
        while (true)
        {
            var count = _inFlight.GetOrAdd(caller, static _ => new InFlightCount());
            switch (count.TryEnter(_maxInFlight))
            {
                case InFlightCount.Entry.Entered:
                    return new InFlightLease(this, caller, count);
                case InFlightCount.Entry.Full:
                    return InFlightLease.Refused;
            }

            // Retired (its last call ended and it is leaving the dictionary): take the caller's next counter.
        }
    }

    /// <summary>Callers with a counter right now (idle callers leave: the dictionary does not grow with callers seen).</summary>
    internal int CallersTracked => _inFlight.Count;

    private void Leave(string caller, InFlightCount count)
    {
        if (count.Exit())
        {
            _inFlight.TryRemove(new KeyValuePair<string, InFlightCount>(caller, count));
        }
    }

    /// <summary>Callers with a call bucket right now (0 when calls are not rate limited).</summary>
    internal int CallersWithBuckets => _calls?.CallersTracked ?? 0;

    public void Dispose()
    {
        _watches.Dispose();
    }

    /// <summary>One caller's calls in flight; -1 once retired (no call in flight, leaving the dictionary).</summary>
    private sealed class InFlightCount
    {
        private int _calls;

        public enum Entry
        {
            Entered,
            Full,
            Retired,
        }

        public Entry TryEnter(int limit)
        {
            var calls = Volatile.Read(ref _calls);
            while (true)
            {
                if (calls < 0)
                {
                    return Entry.Retired;
                }

                if (calls >= limit)
                {
                    return Entry.Full;
                }

                var seen = Interlocked.CompareExchange(ref _calls, calls + 1, calls);
                if (seen == calls)
                {
                    return Entry.Entered;
                }

                calls = seen;
            }
        }

        /// <summary>Ends a call; true when it was the last one and this counter is now retired.</summary>
        public bool Exit() => Interlocked.Decrement(ref _calls) == 0 && Interlocked.CompareExchange(ref _calls, -1, 0) == 0;
    }

    /// <summary>A call's slot: released once, however often disposed.</summary>
    private sealed class InFlightLease : RateLimitLease
    {
        public static readonly InFlightLease Refused = new(null, string.Empty, null);

        private readonly string _caller;
        private readonly InFlightCount? _count;
        private CallerLimits? _limits;

        public InFlightLease(CallerLimits? limits, string caller, InFlightCount? count)
        {
            _limits = limits;
            _caller = caller;
            _count = count;
        }

        public override bool IsAcquired => _count is not null;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _limits, null) is { } limits && _count is not null)
            {
                limits.Leave(_caller, _count);
            }

            base.Dispose(disposing);
        }
    }
}
