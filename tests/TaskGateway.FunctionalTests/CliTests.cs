using Spectre.Console.Testing;
using TaskGateway.Cli;

namespace TaskGateway.FunctionalTests;

/// <summary>The CLI in-process against the gateway and sandbox, reading what it prints and the exit status.</summary>
[Collection("gateway")]
public class CliTests
{
    private const string AstraSucceeded = $"{Names.AstraParent}/tasks/a1b2c3d4-0000-4000-8000-000000000004";
    private const string AstraCancelled = $"{Names.AstraParent}/tasks/a1b2c3d4-0000-4000-8000-00000000000b";
    private readonly GatewayInstance _gateway;

    public CliTests(GatewayFixture fixture) => _gateway = fixture.Gateway;

    private static Task<(int Exit, string Output)> RunAsync(GatewayInstance gateway, params string[] args) => RunAsync(gateway, 200, args);

    private static async Task<(int Exit, string Output)> RunAsync(GatewayInstance gateway, int width, params string[] args)
    {
        var console = new TestConsole { Profile = { Width = width } };
        var exit = await CliApp.RunAsync([.. args, "--address", gateway.GrpcAddress.ToString()], console);
        return (exit, console.Output);
    }

    [Fact]
    public async Task Get_Task_PrintsItsStateExit0()
    {
        var (exit, output) = await RunAsync(_gateway, "get", Names.AstraFailed);
        Assert.Equal(0, exit);
        Assert.Contains(Names.AstraFailed, output, StringComparison.Ordinal);
        Assert.Contains("FAILED (source: failed)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Collection_PrintsATableOfTasks()
    {
        var (exit, output) = await RunAsync(_gateway, "list", Names.AstraParent, "--page-size", "3", "--all", "--filter", "state = FAILED");
        Assert.Equal(0, exit);
        Assert.Contains("a1b2c3d4-0000-4000-8000-000000000007", output, StringComparison.Ordinal);
        Assert.DoesNotContain("a1b2c3d4-0000-4000-8000-000000000004", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AstraSucceeded, 0, "SUCCEEDED")]
    [InlineData(Names.AstraFailed, 1, "FAILED")]
    [InlineData(AstraCancelled, 2, "CANCELLED")]
    public async Task Watch_TaskEnds_ExitStatusSaysHow(string name, int expected, string state)
    {
        var (exit, output) = await RunAsync(_gateway, "watch", name);
        Assert.Equal(expected, exit);
        Assert.Contains($"{name}: {state}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_OneFailsOneSucceeds_Exit1()
    {
        var (exit, _) = await RunAsync(_gateway, "watch", AstraSucceeded, Names.AstraFailed);
        Assert.Equal(1, exit);
    }

    [Fact]
    public async Task Get_BadName_Exit3WithTheGatewaysMessage()
    {
        var (exit, output) = await RunAsync(_gateway, "get", "not/a/name");
        Assert.Equal(3, exit);
        Assert.Contains("InvalidArgument", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_ServingGateway_Exit0()
    {
        var (exit, output) = await RunAsync(_gateway, "health");
        Assert.Equal(0, exit);
        Assert.Contains("Serving", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ApiKeyOption_SentToTheGateway()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s => s["TaskGateway:Callers:ApiKeys:cli"] = "cli-key-0123456789abcdefghijklmn");
        var (withKey, _) = await RunAsync(gateway, "get", Names.AstraFailed, "--api-key", "cli-key-0123456789abcdefghijklmn");
        var (without, output) = await RunAsync(gateway, "get", Names.AstraFailed);
        Assert.Equal(0, withKey);
        Assert.Equal(3, without);
        Assert.Contains("Unauthenticated", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_OutputJson_OneProtoJsonObjectOnOneLine()
    {
        var (exit, output) = await RunAsync(_gateway, "get", Names.AstraFailed, "-o", "json");
        Assert.Equal(0, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = System.Text.Json.JsonDocument.Parse(line);
        Assert.Equal(Names.AstraFailed, json.RootElement.GetProperty("name").GetString());
        Assert.Equal("STATE_FAILED", json.RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task List_OutputYaml_OneDocumentPerTask()
    {
        var (exit, output) = await RunAsync(_gateway, "list", Names.AstraParent, "--filter", "state = FAILED", "-o", "yaml");
        Assert.Equal(0, exit);
        var documents = output.Split("---\n", StringSplitOptions.RemoveEmptyEntries);

        // The sandbox's Astra account has one failed task: one document, that task's.
        var parsed = new YamlDotNet.Serialization.Deserializer().Deserialize<Dictionary<string, object>>(Assert.Single(documents));
        Assert.Equal("STATE_FAILED", parsed["state"]);
        Assert.Equal(Names.AstraFailed, parsed["name"]);
    }

    [Fact]
    public async Task Watch_OutputJson_EveryStateAsAJsonLineThenExitStatus()
    {
        // A task that moves (pending at 0 s, running at 20 s, succeeded at 40 s on the sandbox's clock), watched
        // while the clock moves one poll at a time.
        var time = WatchTests.Clock();
        await using var gateway = await WatchTests.StartAsync(time);
        var key = new TaskGateway.Watch.PollerKey("iotda", Names.IotdaLive, string.Empty);

        var watch = RunAsync(gateway, "watch", Names.IotdaLive, "-o", "json");
        await WatchTests.DriveAsync(gateway, time, key, streams: 1, () => watch.IsCompleted);
        var (exit, output) = await watch;

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var tasks = lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(tasks, t => Assert.Equal(Names.IotdaLive, t.GetProperty("name").GetString()));

        // Every state in order, each version once, done on the last line only; then watch's exit status for success.
        var states = tasks.Select(t => t.GetProperty("state").GetString()).ToList();
        Assert.Equal(["STATE_PENDING", "STATE_RUNNING", "STATE_SUCCEEDED"], states.Where((state, i) => i == 0 || state != states[i - 1]));
        Assert.Equal(tasks.Count, tasks.Select(t => t.GetProperty("etag").GetString()).Distinct().Count());
        Assert.Equal([.. Enumerable.Repeat(false, tasks.Count - 1), true], tasks.Select(t => t.TryGetProperty("done", out var done) && done.GetBoolean()));
        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task List_NotATerminal_NamesNeverWrapped()
    {
        // A test console, like a pipe, is not a terminal: 80 columns must not cut the long names.
        var (exit, output) = await RunAsync(_gateway, 80, "list", Names.DmsParent, "--page-size", "3");
        Assert.Equal(0, exit);
        Assert.Contains($"{Names.DmsParent}/scheduledTasks/", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Names.AstraFailed, "state = FAILED", 0)]
    [InlineData(Names.AstraFailed, "state = RUNNING", 1)]
    [InlineData(AstraSucceeded, "progress_percent < 50", 1)]
    [InlineData(AstraCancelled, "state = RUNNING", 2)]
    [InlineData(AstraCancelled, "state = NOPE", 3)]
    public async Task Wait_ForCondition_ExitStatusAsWatch(string name, string condition, int expected)
    {
        var (exit, output) = await RunAsync(_gateway, "wait", name, "--for", condition);

        Assert.Equal(expected, exit);
        Assert.Contains(expected switch { 0 => $"matches {condition}", 3 => "InvalidArgument", _ => "without matching until" }, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_OutputJson_TheMatchingStateAsAJsonLine()
    {
        var (exit, output) = await RunAsync(_gateway, "wait", Names.AstraFailed, "--for", "done = true", "-o", "json");

        Assert.Equal(0, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var task = System.Text.Json.JsonDocument.Parse(line);
        Assert.Equal("STATE_FAILED", task.RootElement.GetProperty("state").GetString());
    }
}
