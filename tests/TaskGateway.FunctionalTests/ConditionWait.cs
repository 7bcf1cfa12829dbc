using System.Diagnostics;

namespace TaskGateway.FunctionalTests;

/// <summary>
/// Waits on a condition the test cannot be signalled about (a request reaching the sandbox, a count moving),
/// polling with a short real delay. Spinning on Task.Yield instead kept a core busy for as long as the wait lasted,
/// which on a loaded two-core machine starved the very work being waited for.
/// </summary>
internal static class ConditionWait
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    /// <summary>Returns once <paramref name="condition"/> holds; fails the test, naming <paramref name="what"/>, after <paramref name="bound"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < bound, $"{what} did not happen within {bound.TotalSeconds:0} s");
            await Task.Delay(Poll);
        }
    }

    /// <summary>
    /// Runs <paramref name="step"/> between short waits until <paramref name="task"/> completes (the wait ends as soon
    /// as it does); fails the test, naming <paramref name="what"/>, after <paramref name="bound"/>.
    /// </summary>
    public static async Task StepUntilDoneAsync(Task task, Action step, string what, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        while (!task.IsCompleted)
        {
            Assert.True(clock.Elapsed < bound, $"{what} did not finish within {bound.TotalSeconds:0} s");
            step();
            await Task.WhenAny(task, Task.Delay(Poll));
        }
    }
}
