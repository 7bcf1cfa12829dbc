namespace TaskGateway.Core.Resilience;

/// <summary>
/// Caps retries to a share of recent first attempts, so that a failing backend never sees more than twice the
/// load callers send it, whatever each call's own retry count (Finagle's and gRPC's retry budgets work the same
/// way). Over any <see cref="Window"/>, retries allowed = min(requests, max(floor(ratio × requests), minimum)):
/// the minimum lets a lone request to a flaky backend retry, and the min(requests, …) keeps the 2x bound even then.
/// </summary>
public sealed class RetryBudget
{
    /// <summary>The sliding window the budget counts over.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private const int Buckets = 10;
    private static readonly long BucketTicks = Window.Ticks / Buckets;

    private readonly TimeProvider _time;
    private readonly double _ratio;
    private readonly int _minimum;
    private readonly long[] _bucketStart = new long[Buckets];
    private readonly int[] _requests = new int[Buckets];
    private readonly int[] _retries = new int[Buckets];
    private readonly Lock _gate = new();

    /// <summary>Creates a budget allowing <paramref name="ratio"/> (0 to 1) retries per request, and at least <paramref name="minimum"/> per window.</summary>
    public RetryBudget(double ratio, int minimum, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ratio, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ratio, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(minimum);
        _ratio = ratio;
        _minimum = minimum;
        _time = time;
    }

    /// <summary>Records a first attempt.</summary>
    public void RecordRequest()
    {
        lock (_gate)
        {
            _requests[Current(out _)]++;
        }
    }

    /// <summary>Takes one retry from the budget; false when the window's share is spent.</summary>
    public bool TryRetry()
    {
        lock (_gate)
        {
            var now = Current(out var tick);
            int requests = 0, retries = 0;
            for (var i = 0; i < Buckets; i++)
            {
                // A bucket last written more than a window ago no longer counts.
                if (_bucketStart[i] > tick - Buckets)
                {
                    requests += _requests[i];
                    retries += _retries[i];
                }
            }

            var allowed = Math.Min(requests, Math.Max((int)(_ratio * requests), _minimum));
            if (retries >= allowed)
            {
                return false;
            }

            _retries[now]++;
            return true;
        }
    }

    private int Current(out long tick)
    {
        tick = _time.GetUtcNow().UtcTicks / BucketTicks;
        var index = (int)(tick % Buckets);
        if (_bucketStart[index] != tick)
        {
            _requests[index] = 0;
            _retries[index] = 0;
            _bucketStart[index] = tick;
        }

        return index;
    }
}
