using System.Diagnostics;
using System.Text.RegularExpressions;
using Spectre.Console.Testing;
using TaskGateway.Cli;
using TaskGateway.Watch;

namespace TaskGateway.FunctionalTests.Promises;

/// <summary>README's CLI promises that had no test of their own: the live bars of watch and its exit status 3.</summary>
public partial class CliPromiseTests
{
    [GeneratedRegex(@"\b([1-9][0-9]?)%")]
    private static partial Regex PartialPercentage();

    [GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]")]
    private static partial Regex AnsiSequence();

    [Fact]
    public async Task Watch_ChangingTaskOnATerminal_LiveBarShowsEachStateAndProgressThenExit0()
    {
        // README: "watch draws a live progress bar per task and exits 0 when all succeeded".
        var time = WatchTests.Clock();
        await using var gateway = await WatchTests.StartAsync(time);
        var key = new PollerKey("astra", Names.AstraLive, string.Empty);
        var console = new TestConsole().Interactive().EmitAnsiSequences().Width(200);
        var exit = CliApp.RunAsync(["watch", Names.AstraLive, "--address", gateway.GrpcAddress.ToString()], console);

        // The sandbox's live Astra backup is notStarted, then running with a growing fractional percentage, then
        // completed. Move the clock one poll at a time, and only on once the bar has drawn what the test waits for.
        var shortName = Names.AstraLive[^59..];
        await StepUntilAsync(gateway, console, time, key, exit, () => Output(console).Contains($"{shortName} Pending", StringComparison.Ordinal), "the bar never showed Pending");
        await StepUntilAsync(gateway, console, time, key, exit, () =>
        {
            var output = Output(console);
            return output.Contains($"{shortName} Running", StringComparison.Ordinal) && PartialPercentage().IsMatch(output);
        }, "the bar never showed Running with a percentage under 100");
        Assert.False(exit.IsCompleted, "watch ended before the task was done");
        await StepUntilAsync(gateway, console, time, key, exit, () => exit.IsCompleted, "watch did not end once the task was done", paced: false);

        Assert.Equal(0, await exit);
        var final = Output(console);
        Assert.Contains($"{shortName} Succeeded", final, StringComparison.Ordinal);
        Assert.Contains("100%", final, StringComparison.Ordinal);
        Assert.Contains($"{Names.AstraLive}: SUCCEEDED", final, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Names.IotdaParent + "/tasks/NOT-HEX")]
    [InlineData("sources/nosuchsource/accounts/6c4f8a2e-1d3b-4e5f-9a7c-2b4d6e8f0a1c/tasks/a1b2c3d4-0000-4000-8000-000000000001")]
    public async Task Watch_GatewayRefusesTheCall_Exit3WithTheError(string name)
    {
        // README: "watch ... exits ... 3 on an error".
        await using var gateway = await WatchTests.StartAsync(WatchTests.Clock());
        var console = new TestConsole { Profile = { Width = 200 } };

        var exit = await CliApp.RunAsync(["watch", name, "--address", gateway.GrpcAddress.ToString()], console);

        Assert.Equal(3, exit);
        Assert.Matches("InvalidArgument|NotFound", console.Output);
    }

    // TestConsole's writer is read while the bars' render thread writes to it: retry a read that raced a write.
    private static string Output(TestConsole console)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                // What a terminal shows in words: the colours and cursor moves between them removed.
                return AnsiSequence().Replace(console.Output, string.Empty);
            }
            catch (Exception) when (i < 10)
            {
            }
        }
    }

    private static async Task StepUntilAsync(GatewayInstance gateway, TestConsole console, Microsoft.Extensions.Time.Testing.FakeTimeProvider time, PollerKey key, Task<int> exit,
        Func<bool> done, string what, bool paced = true)
    {
        var bound = Stopwatch.StartNew();
        var redraws = 0;
        var length = Output(console).Length;
        while (!done())
        {
            Assert.True(bound.Elapsed < TimeSpan.FromSeconds(90), what);
            if (exit.IsCompleted)
            {
                Assert.True(done(), what + $" (watch ended with {await exit})");
                return;
            }

            // The bars redraw on a timer of their own (the spinner changes every frame, so every redraw adds output):
            // a state that lasted one step only is given a few redraws before the clock moves on, or the test could
            // outrun the renderer.
            var now = Output(console).Length;
            if (now > length)
            {
                redraws++;
                length = now;
            }

            var polls = gateway.Watch.PollsOf(key);
            if (polls == 0 || gateway.Watch.WaitsOf(key) < polls || (paced && redraws < 3))
            {
                await Task.Delay(10);
                continue;
            }

            time.Advance(TimeSpan.FromSeconds(1));
            await WatchTests.Eventually(() => gateway.Watch.PollsOf(key) != polls || exit.IsCompleted, "the poller did not poll");
            redraws = 0;
        }
    }
}
