using TaskGateway.Events;

namespace TaskGateway.Tests.Events.Host;

/// <summary>TaskGateway:Events at start: every problem at once, each naming its key.</summary>
public class EventsOptionsValidatorTests
{
    private static IReadOnlyList<string> Failures(EventsOptions options) =>
        new EventsOptionsValidator().Validate(null, options) is { Failed: true } result ? [.. result.Failures] : [];

    [Fact]
    public void Validate_Defaults_Valid() => Assert.Empty(Failures(new EventsOptions()));

    [Fact]
    public void Validate_GoodHostsAndSchedule_Valid() => Assert.Empty(Failures(new EventsOptions
    {
        AllowedSinkHosts = ["receiver.local", "localhost", "10.0.0.5", "::1", "[::1]"],
        RetryDelays = [TimeSpan.Zero, TimeSpan.FromSeconds(1)],
        PostgreSql = "Host=db;Username=gw",
    }));

    [Fact]
    public void Validate_EverythingWrong_EveryProblemAtOnce()
    {
        var failures = Failures(new EventsOptions
        {
            DeliveryTimeout = TimeSpan.Zero,
            LeaseDuration = TimeSpan.FromSeconds(-1),
            DispatchInterval = TimeSpan.Zero,
            RefreshInterval = TimeSpan.Zero,
            MaxRetryAfter = TimeSpan.Zero,
            RetryDelays = [.. Enumerable.Repeat(TimeSpan.FromSeconds(1), 20), TimeSpan.FromSeconds(-1)],
            MaxSubscriptionsPerCaller = 0,
            MaxConcurrentDeliveries = 0,
            AllowedSinkHosts = ["*.example.com", "http://receiver.example.com", "receiver.example.com:8080", " padded.example.com", ""],
            SqlitePath = " ",
            PostgreSql = " ",
        });

        string[] keys =
        [
            "DeliveryTimeout", "LeaseDuration", "DispatchInterval", "RefreshInterval", "MaxRetryAfter", "RetryDelays:", "RetryDelays:20",
            "MaxSubscriptionsPerCaller", "MaxConcurrentDeliveries", "AllowedSinkHosts:0", "AllowedSinkHosts:1", "AllowedSinkHosts:2",
            "AllowedSinkHosts:3", "AllowedSinkHosts:4", "SqlitePath", "PostgreSql",
        ];
        Assert.All(keys, k => Assert.Contains(failures, f => f.StartsWith($"TaskGateway:Events:{k}", StringComparison.Ordinal)));
        Assert.Equal(keys.Length + 1, failures.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public void Validate_PerCallerDeliveriesOutsideOneToTheTotal_Refused(int perCaller)
    {
        var failures = Failures(new EventsOptions { MaxConcurrentDeliveries = 32, MaxConcurrentDeliveriesPerCaller = perCaller });

        Assert.StartsWith("TaskGateway:Events:MaxConcurrentDeliveriesPerCaller", Assert.Single(failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(32, null, 24)]
    [InlineData(3, null, 2)]
    [InlineData(2, null, 1)]
    [InlineData(1, null, 1)]
    [InlineData(32, 32, 32)]
    [InlineData(32, 1, 1)]
    public void EffectiveMaxConcurrentDeliveriesPerCaller_DefaultOrSet_ThreeQuartersRoundedDownOrTheSetting(int total, int? perCaller, int expected)
    {
        var options = new EventsOptions { MaxConcurrentDeliveries = total, MaxConcurrentDeliveriesPerCaller = perCaller };

        Assert.Empty(Failures(options));
        Assert.Equal(expected, options.EffectiveMaxConcurrentDeliveriesPerCaller);
    }

    [Fact]
    public void Validate_LeaseNoLongerThanDeliveryTimeout_Refused()
    {
        var failures = Failures(new EventsOptions { DeliveryTimeout = TimeSpan.FromSeconds(30), LeaseDuration = TimeSpan.FromSeconds(30) });

        Assert.StartsWith("TaskGateway:Events:LeaseDuration", Assert.Single(failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TwentyDelays_Valid() =>
        Assert.Empty(Failures(new EventsOptions { RetryDelays = [.. Enumerable.Repeat(TimeSpan.FromSeconds(1), EventsOptionsValidator.MaxRetryDelays)] }));
}
