using TaskGateway.Watch;

namespace TaskGateway.Tests.Watch;

public class PollScheduleTests
{
    private static readonly TimeSpan Min = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    [Fact]
    public void AfterSuccess_Changed_MinimumInterval() =>
        Assert.Equal(Min, new PollSchedule(Min, Max, TimeSpan.FromSeconds(3), () => 1).AfterSuccess(changed: true));

    [Theory]
    [InlineData(1, 4)]
    [InlineData(2, 8)]
    [InlineData(3, 16)]
    [InlineData(4, 30)]
    [InlineData(10, 30)]
    public void AfterSuccess_Unchanged_UpperJitterBoundDoublesUpToMaximum(int quietPolls, int capSeconds)
    {
        var top = new PollSchedule(Min, Max, TimeSpan.FromSeconds(3), () => 1);
        var bottom = new PollSchedule(Min, Max, TimeSpan.FromSeconds(3), () => 0);
        TimeSpan high = default, low = default;
        for (var i = 0; i < quietPolls; i++)
        {
            high = top.AfterSuccess(changed: false);
            low = bottom.AfterSuccess(changed: false);
        }

        Assert.Equal(TimeSpan.FromSeconds(capSeconds), high);
        Assert.Equal(Min, low);
    }

    [Fact]
    public void AfterSuccess_RandomDraws_AlwaysWithinMinAndMax()
    {
        var random = new Random(42);
        var schedule = new PollSchedule(Min, Max, TimeSpan.FromSeconds(3), random.NextDouble);
        for (var i = 0; i < 10_000; i++)
        {
            var delay = schedule.AfterSuccess(changed: i % 50 == 0);
            Assert.InRange(delay, Min, Max);
        }
    }

    [Fact]
    public void AfterSuccess_ChangeAfterQuietPolls_ResetsToMinimum()
    {
        var schedule = new PollSchedule(Min, Max, TimeSpan.FromSeconds(3), () => 1);
        schedule.AfterSuccess(false);
        schedule.AfterSuccess(false);

        Assert.Equal(Min, schedule.AfterSuccess(true));
        Assert.Equal(TimeSpan.FromSeconds(4), schedule.AfterSuccess(false));
    }

    [Fact]
    public void AfterError_RetryAfterLongerThanBackoff_Honoured() =>
        Assert.Equal(TimeSpan.FromSeconds(20), new PollSchedule(Min, Max, TimeSpan.FromSeconds(3), () => 0).AfterError(throttled: true, TimeSpan.FromSeconds(20)));

    [Fact]
    public void AfterError_ThrottledWithoutRetryAfter_AtLeastThrottleDelay() =>
        Assert.Equal(TimeSpan.FromSeconds(3), new PollSchedule(Min, Max, TimeSpan.FromSeconds(3), () => 0).AfterError(throttled: true, null));

    [Fact]
    public void AfterError_Repeated_BacksOffAndCounts()
    {
        var schedule = new PollSchedule(Min, Max, TimeSpan.FromSeconds(3), () => 1);

        Assert.Equal(TimeSpan.FromSeconds(4), schedule.AfterError(false, null));
        Assert.Equal(TimeSpan.FromSeconds(8), schedule.AfterError(false, null));
        Assert.Equal(2, schedule.Errors);
        schedule.AfterSuccess(false);
        Assert.Equal(0, schedule.Errors);
    }
}
