using TaskGateway.Watch;

namespace TaskGateway.Tests.Watch;

/// <summary>
/// TaskGateway:Watch checked at start-up, each bound at its edge: the smallest accepted value passes and the next
/// smaller (or larger) one is refused with the setting's name. Written for mutants that moved a bound by one.
/// </summary>
public class WatchOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed() =>
        Assert.True(new WatchOptionsValidator().Validate(null, new WatchOptions()).Succeeded);

    [Fact]
    public void Validate_EveryBoundAtItsEdge_Succeeds()
    {
        var options = new WatchOptions
        {
            HeartbeatInterval = TimeSpan.FromSeconds(1),
            MaxStreamDuration = TimeSpan.FromSeconds(10),
            PollerIdleTimeout = TimeSpan.Zero,
            NotFoundTolerance = 0,
            ErrorBudget = 1,
            ThrottleDelay = TimeSpan.FromTicks(1),
            MaxCollectionPages = 1,
        };
        Assert.True(new WatchOptionsValidator().Validate(null, options).Succeeded);

        options = options with { NotFoundTolerance = 100, ErrorBudget = 100, MaxCollectionPages = 100 };
        Assert.True(new WatchOptionsValidator().Validate(null, options).Succeeded);
    }

    public static TheoryData<string, WatchOptions> JustOutside => new()
    {
        { "TaskGateway:Watch:HeartbeatInterval: must be at least 00:00:01.", new WatchOptions { HeartbeatInterval = TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1) } },
        { "TaskGateway:Watch:MaxStreamDuration: must be at least 00:00:10.", new WatchOptions { MaxStreamDuration = TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1) } },
        { "TaskGateway:Watch:PollerIdleTimeout: must not be negative.", new WatchOptions { PollerIdleTimeout = TimeSpan.FromTicks(-1) } },
        { "TaskGateway:Watch:NotFoundTolerance: must be from 0 to 100.", new WatchOptions { NotFoundTolerance = -1 } },
        { "TaskGateway:Watch:NotFoundTolerance: must be from 0 to 100.", new WatchOptions { NotFoundTolerance = 101 } },
        { "TaskGateway:Watch:ErrorBudget: must be from 1 to 100.", new WatchOptions { ErrorBudget = 0 } },
        { "TaskGateway:Watch:ErrorBudget: must be from 1 to 100.", new WatchOptions { ErrorBudget = 101 } },
        { "TaskGateway:Watch:ThrottleDelay: must be positive.", new WatchOptions { ThrottleDelay = TimeSpan.Zero } },
        { "TaskGateway:Watch:MaxCollectionPages: must be from 1 to 100.", new WatchOptions { MaxCollectionPages = 0 } },
        { "TaskGateway:Watch:MaxCollectionPages: must be from 1 to 100.", new WatchOptions { MaxCollectionPages = 101 } },
    };

    [Theory]
    [MemberData(nameof(JustOutside))]
    public void Validate_OneSettingJustOutsideItsBound_RefusedNamingIt(string expected, WatchOptions options)
    {
        var result = new WatchOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal([expected], result.Failures);
    }

    [Fact]
    public void Validate_EverySettingWrong_ReportsEveryProblemAtOnce()
    {
        var options = new WatchOptions
        {
            HeartbeatInterval = TimeSpan.Zero,
            MaxStreamDuration = TimeSpan.Zero,
            PollerIdleTimeout = TimeSpan.FromSeconds(-1),
            NotFoundTolerance = -1,
            ErrorBudget = 0,
            ThrottleDelay = TimeSpan.Zero,
            MaxCollectionPages = 0,
        };

        Assert.Equal(7, new WatchOptionsValidator().Validate(null, options).Failures!.Count());
    }
}
