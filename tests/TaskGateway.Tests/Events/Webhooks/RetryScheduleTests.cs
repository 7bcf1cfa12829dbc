using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TaskGateway.Events;
using TaskGateway.Events.Webhooks;

namespace TaskGateway.Tests.Events.Webhooks;

public class RetryScheduleTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));

    private static RetrySchedule Schedule(EventsOptions? options = null) => new(Options.Create(options ?? new EventsOptions()));

    public static TheoryData<int, TimeSpan> DefaultTable => new()
    {
        { 1, TimeSpan.FromSeconds(5) },
        { 2, TimeSpan.FromMinutes(5) },
        { 3, TimeSpan.FromMinutes(30) },
        { 4, TimeSpan.FromHours(2) },
        { 5, TimeSpan.FromHours(5) },
        { 6, TimeSpan.FromHours(10) },
        { 7, TimeSpan.FromHours(10) },
    };

    [Theory]
    [MemberData(nameof(DefaultTable))]
    public void NextAttempt_DefaultSchedule_DelayAfterAttempt(int attemptsMade, TimeSpan delay) =>
        Assert.Equal(_time.GetUtcNow() + delay, Schedule().NextAttempt(attemptsMade, null, _time.GetUtcNow()));

    [Fact]
    public void NextAttempt_DefaultSchedule_GivesUpAfterTheEighthAttempt()
    {
        var schedule = Schedule();
        var attempts = 1;
        while (schedule.NextAttempt(attempts, null, _time.GetUtcNow()) is { } next)
        {
            _time.Advance(next - _time.GetUtcNow());
            attempts++;
        }

        Assert.Equal(8, attempts);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero) + TimeSpan.FromSeconds((5) + (5 * 60) + (30 * 60) + (2 * 3600) + (5 * 3600) + (20 * 3600)), _time.GetUtcNow());
    }

    [Fact]
    public void NextAttempt_ConfiguredList_UsedInsteadOfTheDefault()
    {
        var schedule = Schedule(new EventsOptions { RetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)] });

        Assert.Equal(_time.GetUtcNow().AddSeconds(1), schedule.NextAttempt(1, null, _time.GetUtcNow()));
        Assert.Equal(_time.GetUtcNow().AddSeconds(2), schedule.NextAttempt(2, null, _time.GetUtcNow()));
        Assert.Null(schedule.NextAttempt(3, null, _time.GetUtcNow()));
    }

    [Fact]
    public void NextAttempt_EmptyConfiguredList_DefaultSchedule() =>
        Assert.Equal(_time.GetUtcNow().AddSeconds(5), Schedule(new EventsOptions { RetryDelays = [] }).NextAttempt(1, null, _time.GetUtcNow()));

    [Theory]
    [InlineData(1, 120, 120)]
    [InlineData(2, 1, 1)]
    [InlineData(3, 0, 0)]
    [InlineData(1, -30, 0)]
    [InlineData(1, 999_999, 36_000)]
    public void NextAttempt_RetryAfter_ReplacesTheDelayCapped(int attemptsMade, int retryAfterSeconds, int expectedSeconds) =>
        Assert.Equal(_time.GetUtcNow().AddSeconds(expectedSeconds), Schedule().NextAttempt(attemptsMade, TimeSpan.FromSeconds(retryAfterSeconds), _time.GetUtcNow()));

    [Fact]
    public void NextAttempt_RetryAfterOverConfiguredCap_CutToMaxRetryAfter() =>
        Assert.Equal(_time.GetUtcNow().AddMinutes(1), Schedule(new EventsOptions { MaxRetryAfter = TimeSpan.FromMinutes(1) }).NextAttempt(1, TimeSpan.FromHours(1), _time.GetUtcNow()));

    [Fact]
    public void NextAttempt_RetryAfterAfterTheLastAttempt_StillGivesUp() =>
        Assert.Null(Schedule().NextAttempt(8, TimeSpan.FromSeconds(1), _time.GetUtcNow()));

    [Fact]
    public void NextAttempt_NoAttemptMade_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule().NextAttempt(0, null, _time.GetUtcNow()));
}
