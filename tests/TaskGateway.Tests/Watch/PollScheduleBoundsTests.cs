using TaskGateway.Watch;

namespace TaskGateway.Tests.Watch;

/// <summary>The schedule's edges: the min/max clamp, which of Retry-After, the throttle delay and the backoff wins, the cap.</summary>
public class PollScheduleBoundsTests
{
    private static readonly TimeSpan Min = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Throttle = TimeSpan.FromSeconds(3);

    [Fact]
    public void AfterSuccess_MaxBelowMin_NeverBelowMin()
    {
        // A source configured with MaxPollInterval under MinPollInterval polls at the minimum, never faster.
        var schedule = new PollSchedule(Min, TimeSpan.FromSeconds(1), Throttle, () => 1);

        Assert.Equal(Min, schedule.AfterSuccess(changed: false));
        Assert.Equal(Min, schedule.AfterSuccess(changed: false));
        Assert.Equal(Min, schedule.AfterError(throttled: false, null));
    }

    [Fact]
    public void AfterError_RetryAfterShorterThanBackoff_Backoff()
    {
        // First error, full jitter at its top: 4 s; a Retry-After of 1 s does not make the poller come back sooner.
        var schedule = new PollSchedule(Min, Max, Throttle, () => 1);

        Assert.Equal(TimeSpan.FromSeconds(4), schedule.AfterError(throttled: true, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void AfterError_ThrottledBackoffLongerThanThrottleDelay_Backoff()
    {
        // Backoff 4 s beats the 3 s throttle delay after a 429 without Retry-After.
        var schedule = new PollSchedule(Min, Max, Throttle, () => 1);

        Assert.Equal(TimeSpan.FromSeconds(4), schedule.AfterError(throttled: true, null));
    }

    [Fact]
    public void AfterError_NotThrottled_ThrottleDelayIgnored()
    {
        // A 5xx is no 429: the throttle delay (3 s) does not apply; the backoff at its bottom is the minimum, 2 s.
        var schedule = new PollSchedule(Min, Max, Throttle, () => 0);

        Assert.Equal(Min, schedule.AfterError(throttled: false, null));
    }

    [Theory]
    [InlineData(0.0, 2.0)]
    [InlineData(0.25, 2.5)]
    [InlineData(0.5, 3.0)]
    [InlineData(1.0, 4.0)]
    public void AfterSuccess_FirstQuietPoll_FullJitterBetweenMinAndTwiceMin(double draw, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), new PollSchedule(Min, Max, Throttle, () => draw).AfterSuccess(changed: false));

    [Fact]
    public void AfterSuccess_ManyQuietPolls_CappedAtMaxWithoutOverflow()
    {
        var schedule = new PollSchedule(Min, Max, Throttle, () => 1);
        var last = TimeSpan.Zero;
        for (var i = 0; i < 100; i++)
        {
            last = schedule.AfterSuccess(changed: false);
        }

        Assert.Equal(Max, last);
    }

    [Fact]
    public void AfterSuccess_MaxExactlyAPowerOfTwoOfMin_ReachesMaxAndStays()
    {
        var schedule = new PollSchedule(Min, TimeSpan.FromSeconds(8), Throttle, () => 1);

        Assert.Equal(TimeSpan.FromSeconds(4), schedule.AfterSuccess(false));
        Assert.Equal(TimeSpan.FromSeconds(8), schedule.AfterSuccess(false));
        Assert.Equal(TimeSpan.FromSeconds(8), schedule.AfterSuccess(false));
    }
}
