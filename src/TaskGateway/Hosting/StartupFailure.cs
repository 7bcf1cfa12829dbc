using Microsoft.Extensions.Options;

namespace TaskGateway.Hosting;

/// <summary>
/// Tells an operator why the gateway did not start, in a few lines instead of a crash dump: configuration
/// errors are expected input, not bugs. Anything else is left to crash loudly.
/// </summary>
public static class StartupFailure
{
    /// <summary>Writes the configuration problems and returns the exit code; false when the exception is not about configuration.</summary>
    public static bool TryReport(Exception e, TextWriter error)
    {
        var problems = Problems(e).ToList();
        if (problems.Count == 0)
        {
            return false;
        }

        error.WriteLine("TaskGateway did not start: its configuration needs changing.");
        foreach (var problem in problems.Distinct(StringComparer.Ordinal))
        {
            error.WriteLine("  - " + problem);
        }

        return true;
    }

    private static IEnumerable<string> Problems(Exception e) => e switch
    {
        // GatewayConfigurationException is one too.
        OptionsValidationException options => options.Failures,
        AggregateException aggregate when aggregate.InnerExceptions.All(i => Problems(i).Any()) => aggregate.InnerExceptions.SelectMany(Problems),
        _ => [],
    };
}
