using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using TaskGateway.Watch;

namespace TaskGateway.FunctionalTests.Browser;

/// <summary>
/// Moves a gateway's fake clock while the browser waits on a condition (a Playwright assertion, which auto-waits):
/// one step each time the poller of the watched resource has registered its next poll's timer, so every step is a
/// poll the sandbox answers at the new time. Nothing waits on real time for the sandbox's timeline.
/// </summary>
internal static class FakeClockDriver
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    /// <summary>
    /// How long a condition waited on while the clock is driven may take (ms): a step is a poll, and a stream the server
    /// ends waits for the page's reconnect backoff, so tens of steps take longer than one page update on a loaded box.
    /// </summary>
    public const float DriveTimeout = 80_000;

    /// <summary>Steps the clock to <paramref name="until"/> (each step once the poller waits), then leaves it there.</summary>
    public static async Task AdvanceToAsync(GatewayInstance gateway, FakeTimeProvider time, PollerKey key, DateTimeOffset until)
    {
        var clock = Stopwatch.StartNew();
        while (time.GetUtcNow() < until)
        {
            Assert.True(clock.Elapsed < Bound, $"the poller did not keep up with the clock within {Bound.TotalSeconds:0} s (now {time.GetUtcNow():O})");
            var polls = gateway.Watch.PollsOf(key);
            if (polls == 0 || gateway.Watch.WaitsOf(key) < polls)
            {
                await Task.Delay(5);
                continue;
            }

            var step = until - time.GetUtcNow();
            time.Advance(step < TimeSpan.FromSeconds(1) ? step : TimeSpan.FromSeconds(1));
        }
    }

    public static async Task DriveUntilAsync(GatewayInstance gateway, FakeTimeProvider time, PollerKey key, Task condition, TimeSpan? step = null)
    {
        var by = step ?? TimeSpan.FromSeconds(1);
        var clock = Stopwatch.StartNew();
        while (!condition.IsCompleted)
        {
            Assert.True(clock.Elapsed < Bound, $"the page did not reach its condition within {Bound.TotalSeconds:0} s while the clock moved (now {time.GetUtcNow():O})");
            var polls = gateway.Watch.PollsOf(key);
            if (polls == 0 || gateway.Watch.WaitsOf(key) < polls)
            {
                // A short real pause between looks, not a spin: a spin would hold a core from the poller it waits on.
                await Task.WhenAny(condition, Task.Delay(5));
                continue;
            }

            time.Advance(by);
            var moved = Stopwatch.StartNew();
            while (!condition.IsCompleted && gateway.Watch.PollsOf(key) == polls && moved.Elapsed < TimeSpan.FromSeconds(2))
            {
                // The step may not have reached the poller's timer yet (its interval is longer): step again after a look.
                await Task.WhenAny(condition, Task.Delay(5));
            }
        }

        await condition;
    }
}
