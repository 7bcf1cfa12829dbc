using Microsoft.Extensions.Options;
using TaskGateway.Hosting;

namespace TaskGateway.Tests.Hosting;

public class StartupFailureTests
{
    [Fact]
    public void TryReport_OptionsFailuresFromSeveralHostedServices_EachProblemOnce()
    {
        var failure = new OptionsValidationException("TaskGateway", typeof(object), ["a: bad", "b: bad"]);
        using var error = new StringWriter();

        var reported = StartupFailure.TryReport(new AggregateException(failure, failure), error);

        Assert.True(reported);
        Assert.Equal(["TaskGateway did not start: its configuration needs changing.", "  - a: bad", "  - b: bad"],
            error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void TryReport_ConfigurationException_Reported()
    {
        using var error = new StringWriter();
        Assert.True(StartupFailure.TryReport(new GatewayConfigurationException("Address: bad"), error));
        Assert.Contains("  - Address: bad", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TryReport_Bug_LeftToCrash()
    {
        using var error = new StringWriter();
        Assert.False(StartupFailure.TryReport(new InvalidOperationException("a bug"), error));
        Assert.False(StartupFailure.TryReport(new AggregateException(new GatewayConfigurationException("x"), new InvalidOperationException("a bug")), error));
        Assert.Empty(error.ToString());
    }
}
