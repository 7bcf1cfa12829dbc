using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using TaskGateway.Backends.AstraTasks;
using TaskGateway.Backends.IotdaInstanceTasks;
using TaskGateway.Contracts.V1;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.Tests.Mutation;

/// <summary>
/// The nine mutants Stryker.NET left alive or uncovered in the backends' mappers after BackendMapperMutationTests
/// (docs/quality.md, "Backends' mappers"): Astra records whose metadata, labels or state details leave fields out,
/// a cancelled Astra task that has both an end and a cancel time, and an IoTDA task that failed without reporting
/// progress. Each is a record a vendor may send; each mutant changes what a caller reads.
/// </summary>
public class BackendMapperSurvivorTests
{
    private static Timestamp At(string text) => Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture));

    private static AstraTaskWire Astra(string json) => JsonSerializer.Deserialize(json, AstraTaskJsonContext.Default.AstraTaskWire)!;

    private static CloudTask MapAstra(string json) => AstraTaskMapper.Map(Astra(json), "astra", "n", "accounts/acc/tasks/", "acc");

    [Fact]
    public void AstraTask_MapEmptyMetadata_EmptyFieldsNoLabelsNoTimes()
    {
        var task = MapAstra("""{"state":"running","metadata":{}}""");

        // Astra's schema makes every metadata field optional: absent ones read as empty, never as filler.
        Assert.Equal(new AstraTaskDetails.Types.Metadata(), task.AstraTask.Metadata);
        Assert.Equal(string.Empty, task.AstraTask.Metadata.CreationTimestamp);
        Assert.Equal(string.Empty, task.AstraTask.Metadata.ModificationTimestamp);
        Assert.Equal(string.Empty, task.AstraTask.Metadata.CreatedBy);
        Assert.Equal(string.Empty, task.AstraTask.Metadata.ModifiedBy);
        Assert.Empty(task.AstraTask.Metadata.Labels);
        Assert.Empty(task.Labels);
        Assert.Null(task.CreateTime);
        Assert.Null(task.UpdateTime);
        Assert.Equal(State.Running, task.State);
    }

    [Fact]
    public void AstraTask_MapMetadataWithoutModifiedBy_ModifiedByEmptyRestKept()
    {
        var task = MapAstra("""{"metadata":{"createdBy":"c","creationTimestamp":"2024-05-01T09:59:59Z"}}""");

        Assert.Equal(
            new AstraTaskDetails.Types.Metadata { CreatedBy = "c", CreationTimestamp = "2024-05-01T09:59:59Z" },
            task.AstraTask.Metadata);
        Assert.Equal(At("2024-05-01T09:59:59Z"), task.CreateTime);
    }

    [Fact]
    public void AstraTask_MapLabelWithoutName_KeptInDetailsWithEmptyNameNotATaskLabel()
    {
        var task = MapAstra("""{"metadata":{"labels":[{"value":"orphan"},{"name":"env","value":"prod"}]}}""");

        Assert.Equal(
            [new AstraTaskDetails.Types.Label { Value = "orphan" }, new AstraTaskDetails.Types.Label { Name = "env", Value = "prod" }],
            task.AstraTask.Metadata.Labels);
        Assert.Equal(new Dictionary<string, string> { ["env"] = "prod" }, task.Labels);
    }

    [Fact]
    public void AstraTask_MapStateDetailWithoutTitle_TitleEmpty()
    {
        var task = MapAstra("""{"state":"running","stateDetails":[{"type":"t"}]}""");

        Assert.Equal([new AstraTaskDetails.Types.StateDetail { Type = "t" }], task.AstraTask.StateDetails);
        Assert.Equal(string.Empty, task.StatusMessage);
    }

    [Fact]
    public void AstraTask_MapCancelledWithEndAndCancelTime_EndsAtEndTime()
    {
        // The cancel time is when the cancel was asked for; the end time, when the task stopped. The cancel time
        // stands in for the end only when the record has none.
        var task = MapAstra("""{"state":"cancelled","endTime":"2024-01-01T03:00:00Z","cancelTime":"2024-01-01T02:00:00Z"}""");

        Assert.Equal(At("2024-01-01T03:00:00Z"), task.EndTime);
        Assert.Equal(State.Cancelled, task.State);
    }

    [Fact]
    public void IotdaInstanceTask_MapFailedWithoutProgress_NoProgressPercent()
    {
        // Only a task that succeeded is known to be 100 % done; a failed one without progress has no figure.
        var task = IotdaInstanceTaskMapper.Map(new IotdaInstanceTaskWire { Status = "FAILED", EndTime = "2021-08-19T01:54:00Z" }, "iotda", "n", "i");

        Assert.Equal(State.Failed, task.State);
        Assert.True(task.Done);
        Assert.False(task.HasProgressPercent);
        Assert.Equal(0, task.ProgressPercent);
    }
}
