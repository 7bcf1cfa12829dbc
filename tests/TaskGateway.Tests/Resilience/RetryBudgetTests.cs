using Microsoft.Extensions.Time.Testing;
using TaskGateway.Core.Resilience;

namespace TaskGateway.Tests.Resilience;

public class RetryBudgetTests
{
    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void TryRetry_NoRequests_Refused()
    {
        var budget = new RetryBudget(0.2, 5, Clock());
        Assert.False(budget.TryRetry());
    }

    [Fact]
    public void TryRetry_LoneRequest_OneRetryOnly()
    {
        var budget = new RetryBudget(0.2, 5, Clock());
        budget.RecordRequest();
        Assert.True(budget.TryRetry());
        Assert.False(budget.TryRetry());
    }

    [Fact]
    public void TryRetry_ManyRequests_RatioOfThem()
    {
        var budget = new RetryBudget(0.2, 5, Clock());
        for (var i = 0; i < 100; i++)
        {
            budget.RecordRequest();
        }

        var granted = Enumerable.Range(0, 100).Count(_ => budget.TryRetry());
        Assert.Equal(20, granted);
    }

    [Fact]
    public void TryRetry_WindowPassed_OldRequestsNoLongerCount()
    {
        var time = Clock();
        var budget = new RetryBudget(1, 0, time);
        for (var i = 0; i < 10; i++)
        {
            budget.RecordRequest();
        }

        time.Advance(RetryBudget.Window + TimeSpan.FromSeconds(1));
        Assert.False(budget.TryRetry());
        budget.RecordRequest();
        Assert.True(budget.TryRetry());
        Assert.False(budget.TryRetry());
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.2, 5)]
    [InlineData(1.0, 1000)]
    public void TryRetry_AnyTraffic_RetriesNeverExceedRequestsInAnyWindow(double ratio, int minimum)
    {
        // Random traffic with every call retried as often as allowed: within every window the retries granted
        // never outnumber the first attempts, so the backend sees at most twice the callers' load.
        var time = Clock();
        var budget = new RetryBudget(ratio, minimum, time);
        var random = new Random(7);
        var events = new List<(DateTimeOffset At, bool Retry)>();
        for (var step = 0; step < 5_000; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(random.Next(0, 200)));
            budget.RecordRequest();
            events.Add((time.GetUtcNow(), false));
            for (var r = 0; r < 5 && budget.TryRetry(); r++)
            {
                events.Add((time.GetUtcNow(), true));
            }
        }

        for (var i = 0; i < events.Count; i++)
        {
            var end = events[i].At;
            var window = events.Where(e => e.At > end - RetryBudget.Window && e.At <= end).ToList();
            Assert.True(window.Count(e => e.Retry) <= window.Count(e => !e.Retry), $"window ending {end:O}");
        }
    }
}
