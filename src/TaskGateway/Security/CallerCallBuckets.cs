using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace TaskGateway.Security;

/// <summary>
/// One token bucket of calls per caller, refilled continuously at the configured rate on the gateway's
/// <see cref="TimeProvider"/>: the runtime's TokenBucketRateLimiter replenishes on its own timer and the real clock,
/// so neither a test's fake clock nor anything else could decide when a caller's calls come back.
/// </summary>
internal sealed class CallerCallBuckets
{
    // Full buckets are forgotten at most this often (on the injected clock): a new caller starts with a full bucket,
    // so forgetting one changes nothing but the memory it held.
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly double _perSecond;
    private readonly double _limit;
    private long _lastSweep;

    public CallerCallBuckets(int perSecond, int burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        _time = time;
        _perSecond = perSecond;
        _limit = burst;
        _lastSweep = time.GetTimestamp();
    }

    /// <summary>Callers with a bucket right now (full buckets are forgotten: the dictionary does not grow with callers seen).</summary>
    internal int CallersTracked => _buckets.Count;

    /// <summary>Takes one call from the caller's bucket; refused, the lease carries when the next call is due.</summary>
    public RateLimitLease Take(string caller)
    {
        var now = _time.GetTimestamp();
        SweepIfDue(now);
        while (true)
        {
            var bucket = _buckets.GetOrAdd(caller, static (_, state) => new Bucket(state.Limit, state.Now), (Limit: _limit, Now: now));
            lock (bucket)
            {
                if (bucket.Retired)
                {
                    // Forgotten by a sweep as this call found it: take the caller's next bucket.
                    continue;
                }

                Refill(bucket, now);
                if (bucket.Tokens >= 1)
                {
                    bucket.Tokens -= 1;
                    return Granted.Instance;
                }

                // Rounded up to the millisecond, so a caller that waits exactly this long finds its call there.
                var wait = TimeSpan.FromMilliseconds(Math.Ceiling((1 - bucket.Tokens) / _perSecond * 1000));
                return new Refused(wait);
            }
        }
    }

    private void Refill(Bucket bucket, long now)
    {
        var elapsed = _time.GetElapsedTime(bucket.Stamp, now);
        if (elapsed > TimeSpan.Zero)
        {
            bucket.Tokens = Math.Min(_limit, bucket.Tokens + (elapsed.TotalSeconds * _perSecond));
            bucket.Stamp = now;
        }
    }

    private void SweepIfDue(long now)
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (_time.GetElapsedTime(last, now) < SweepEvery || Interlocked.CompareExchange(ref _lastSweep, now, last) != last)
        {
            return;
        }

        foreach (var (caller, bucket) in _buckets)
        {
            lock (bucket)
            {
                Refill(bucket, now);
                if (bucket.Tokens < _limit)
                {
                    continue;
                }

                bucket.Retired = true;
            }

            _buckets.TryRemove(new KeyValuePair<string, Bucket>(caller, bucket));
        }
    }

    private sealed class Bucket(double tokens, long stamp)
    {
        public double Tokens { get; set; } = tokens;

        public long Stamp { get; set; } = stamp;

        public bool Retired { get; set; }
    }

    /// <summary>A granted call: nothing to release, so one lease serves every call.</summary>
    private sealed class Granted : RateLimitLease
    {
        public static readonly Granted Instance = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }

    /// <summary>A refused call, with the RetryAfter metadata the runtime's limiters give.</summary>
    private sealed class Refused(TimeSpan retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
