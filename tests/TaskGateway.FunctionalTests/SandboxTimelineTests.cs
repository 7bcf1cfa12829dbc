using Microsoft.Extensions.Time.Testing;
using TaskGateway.Contracts.V1;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.FunctionalTests;

/// <summary>Seeded tasks move through their states on the sandbox's clock: here a fake one, shared with the gateway.</summary>
public class SandboxTimelineTests
{
    private static async Task<(State State, CloudTask Task)[]> WalkAsync(string name, params int[] seconds)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(time);
        var seen = new List<(State, CloudTask)>();
        var at = 0;
        foreach (var s in seconds)
        {
            time.Advance(TimeSpan.FromSeconds(s - at));
            at = s;
            var task = (await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = name })).Task;
            seen.Add((task.State, task));
        }

        return [.. seen];
    }

    [Fact]
    public async Task IotdaLiveTask_OverAMinute_PendingRunningSucceeded()
    {
        var seen = await WalkAsync(Names.IotdaLive, 0, 25, 45);

        Assert.Equal([State.Pending, State.Running, State.Succeeded], seen.Select(s => s.State));
        Assert.False(seen[0].Task.HasProgressPercent);
        Assert.Equal(50, seen[1].Task.ProgressPercent);
        Assert.Equal(100, seen[2].Task.ProgressPercent);
        Assert.True(seen[2].Task.Done);
        Assert.NotNull(seen[2].Task.EndTime);
        Assert.NotEqual(seen[0].Task.Etag, seen[1].Task.Etag);
    }

    [Fact]
    public async Task DmsLiveTask_OverAMinute_CreatedExecutingSuccess()
    {
        var seen = await WalkAsync(Names.DmsLive, 0, 20, 50);

        Assert.Equal([State.Pending, State.Running, State.Succeeded], seen.Select(s => s.State));
        Assert.Equal(["CREATED", "EXECUTING", "SUCCESS"], seen.Select(s => s.Task.SourceState));
    }

    [Fact]
    public async Task ExportLiveTask_ProgressGrowsThenSuccess()
    {
        var seen = await WalkAsync(Names.ExportLive, 0, 25, 55);

        Assert.Equal([State.Running, State.Running, State.Succeeded], seen.Select(s => s.State));
        Assert.True(seen[1].Task.ProgressPercent > seen[0].Task.ProgressPercent);
        Assert.Equal("Success", seen[2].Task.SourceState);
    }

    [Fact]
    public async Task AstraLiveTask_FractionalProgressThenCompleted()
    {
        var seen = await WalkAsync(Names.AstraLive, 0, 16, 60);

        Assert.Equal([State.Pending, State.Running, State.Succeeded], seen.Select(s => s.State));
        Assert.Equal(22, seen[1].Task.ProgressPercent);
        Assert.Equal(100, seen[2].Task.ProgressPercent);
    }

    [Fact]
    public async Task CloudDcLiveInstance_FollowsTheStateDiagram()
    {
        var seen = await WalkAsync(Names.CloudDcLive, 0, 15, 45, 55);

        Assert.Equal(["pending", "pending/install-processing", "stopped/install-succeed", "running/install-succeed"], seen.Select(s => s.Task.SourceState));
        Assert.Equal([State.Pending, State.Running, State.Succeeded, State.Succeeded], seen.Select(s => s.State));
    }
}
