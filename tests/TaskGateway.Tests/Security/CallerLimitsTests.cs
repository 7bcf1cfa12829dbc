using Microsoft.Extensions.Options;
using TaskGateway.Security;

namespace TaskGateway.Tests.Security;

public class CallerLimitsTests
{
    private static CallerLimits Limits(int maxCallsInFlight) => new(Options.Create(new CallerOptions { MaxCallsInFlight = maxCallsInFlight }));

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
