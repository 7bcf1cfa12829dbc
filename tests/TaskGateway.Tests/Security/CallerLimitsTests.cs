using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TaskGateway.Security;

namespace TaskGateway.Tests.Security;

public class CallerLimitsTests
{
    private static CallerLimits Limits(int maxCallsInFlight) => new(Options.Create(new CallerOptions { MaxCallsInFlight = maxCallsInFlight }), TimeProvider.System);

    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));

    private static CallerLimits Rated(TimeProvider time, int perSecond, int? burst = null) =>
        new(Options.Create(new CallerOptions { RequestsPerSecond = perSecond, Burst = burst }), time);

    // How many calls in a row the caller gets before the first refusal.
    private static int Granted(CallerLimits limits, string caller)
    {
        var granted = 0;
        while (granted < 10_000)
        {
            using var lease = limits.AcquireCall(caller);
            if (!lease.IsAcquired)
            {
                return granted;
            }

            granted++;
        }

        throw new Xunit.Sdk.XunitException("the caller was never refused");
    }

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : throw new Xunit.Sdk.XunitException("a refusal without RetryAfter");

    [Fact]
    public void AcquireCall_RateNotConfigured_CallsNotLimited()
    {
        using var limits = Limits(256);
        Assert.False(limits.LimitsCalls);
        Assert.Throws<InvalidOperationException>(() => limits.AcquireCall("a"));
    }

    [Fact]
    public void AcquireCall_BurstSpentClockStill_ExactlyTheBurstThenRefusedWithRetryAfterOneToken()
    {
        var time = Clock();
        using var limits = Rated(time, perSecond: 2, burst: 5);

        Assert.Equal(5, Granted(limits, "a"));
        using var refused = limits.AcquireCall("a");
        Assert.False(refused.IsAcquired);

        // One call at 2 per second: half a second.
        Assert.Equal(TimeSpan.FromMilliseconds(500), RetryAfter(refused));
    }

    [Fact]
    public void AcquireCall_BurstUnset_TwiceTheRate()
    {
        using var limits = Rated(Clock(), perSecond: 3);
        Assert.Equal(6, Granted(limits, "a"));
    }

    [Fact]
    public void AcquireCall_ClockMovesByTheRetryAfter_OneCallBackNoMore()
    {
        var time = Clock();
        using var limits = Rated(time, perSecond: 3, burst: 4);
        Granted(limits, "a");
        using var refused = limits.AcquireCall("a");

        time.Advance(RetryAfter(refused) - TimeSpan.FromMilliseconds(2));
        using (var early = limits.AcquireCall("a"))
        {
            Assert.False(early.IsAcquired);
        }

        time.Advance(TimeSpan.FromMilliseconds(2));
        Assert.Equal(1, Granted(limits, "a"));
    }

    [Fact]
    public void AcquireCall_LongIdle_RefillsAtTheRateUpToTheBurstOnly()
    {
        var time = Clock();
        using var limits = Rated(time, perSecond: 2, burst: 5);
        Granted(limits, "a");

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, Granted(limits, "a"));

        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(5, Granted(limits, "a"));
    }

    [Fact]
    public void AcquireCall_OneCallerSpent_OthersKeepTheirWholeBurst()
    {
        var time = Clock();
        using var limits = Rated(time, perSecond: 1, burst: 3);
        Assert.Equal(3, Granted(limits, "a"));
        Assert.Equal(3, Granted(limits, "b"));
    }

    [Fact]
    public void AcquireCall_BucketsFullAgain_CallersForgottenAndStartFull()
    {
        var time = Clock();
        using var limits = Rated(time, perSecond: 1, burst: 3);
        for (var i = 0; i < 100; i++)
        {
            limits.AcquireCall($"caller-{i}").Dispose();
        }

        Granted(limits, "busy");
        Assert.Equal(101, limits.CallersWithBuckets);

        // A minute on: every bucket is full, so the next call forgets them all but its own.
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(3, Granted(limits, "busy"));
        Assert.Equal(1, limits.CallersWithBuckets);
        Assert.Equal(3, Granted(limits, "caller-7"));
    }

    [Fact]
    public void AcquireCall_BucketNotFullAtTheSweep_Kept()
    {
        var time = Clock();
        using var limits = Rated(time, perSecond: 1, burst: 100);
        Granted(limits, "a");

        time.Advance(TimeSpan.FromSeconds(11));
        using (limits.AcquireCall("b"))
        {
        }

        // 11 of its 100 calls came back: a bucket still short of full is not forgotten (it would come back full).
        Assert.Equal(2, limits.CallersWithBuckets);
        Assert.Equal(11, Granted(limits, "a"));
    }

    [Fact]
    public async Task AcquireCall_ManyThreads_ExactlyTheBurstGranted()
    {
        using var limits = Rated(Clock(), perSecond: 10, burst: 1_000);
        var granted = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                using var lease = limits.AcquireCall("a");
                if (lease.IsAcquired)
                {
                    Interlocked.Increment(ref granted);
                }
            }
        })));

        Assert.Equal(1_000, granted);
    }

    [Fact]
    public void AcquireInFlight_AtTheLimit_RefusedUntilOneEnds()
    {
        using var limits = Limits(2);
        using var first = limits.AcquireInFlight("a");
        var second = limits.AcquireInFlight("a");
        using var refused = limits.AcquireInFlight("a");
        using var other = limits.AcquireInFlight("b");

        Assert.True(first.IsAcquired);
        Assert.True(second.IsAcquired);
        Assert.False(refused.IsAcquired);
        Assert.True(other.IsAcquired);
        second.Dispose();
        using var again = limits.AcquireInFlight("a");
        Assert.True(again.IsAcquired);
    }

    [Fact]
    public void AcquireInFlight_SlotDisposedTwice_ReleasedOnce()
    {
        using var limits = Limits(1);
        var slot = limits.AcquireInFlight("a");
        slot.Dispose();
        using var next = limits.AcquireInFlight("a");
        slot.Dispose();

        using var refused = limits.AcquireInFlight("a");
        Assert.True(next.IsAcquired);
        Assert.False(refused.IsAcquired);
    }

    [Fact]
    public void AcquireInFlight_LastCallEnds_CallerForgotten()
    {
        using var limits = Limits(4);
        for (var i = 0; i < 100; i++)
        {
            limits.AcquireInFlight($"caller-{i}").Dispose();
        }

        Assert.Equal(0, limits.CallersTracked);
    }

    [Fact]
    public async Task AcquireInFlight_ManyThreads_NeverAboveTheLimit()
    {
        using var limits = Limits(3);
        var inside = 0;
        var most = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                using var slot = limits.AcquireInFlight("a");
                if (slot.IsAcquired)
                {
                    var now = Interlocked.Increment(ref inside);
                    InterlockedMax(ref most, now);
                    Interlocked.Decrement(ref inside);
                }
            }
        })));

        Assert.InRange(most, 1, 3);
        Assert.Equal(0, limits.CallersTracked);
    }

    [Fact]
    public void AcquireInFlight_Steady_AllocatesOnlyTheSlot()
    {
        using var limits = Limits(256);
        for (var i = 0; i < 100; i++)
        {
            limits.AcquireInFlight("anonymous:127.0.0.1").Dispose();
        }

        using var held = limits.AcquireInFlight("anonymous:127.0.0.1");
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            limits.AcquireInFlight("anonymous:127.0.0.1").Dispose();
        }

        // One small lease object per call; the partitioned limiter allocated its partition's closure and its own
        // lease on every call besides taking a global lock.
        Assert.InRange((GC.GetAllocatedBytesForCurrentThread() - before) / 1_000, 0, 48);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
