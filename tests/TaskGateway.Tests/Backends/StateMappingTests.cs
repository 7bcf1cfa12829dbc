using TaskGateway.Backends.AstraTasks;
using TaskGateway.Backends.CloudDcInstanceStatus;
using TaskGateway.Backends.DmsScheduledTasks;
using TaskGateway.Backends.IotdaExportTasks;
using TaskGateway.Backends.IotdaInstanceTasks;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.Tests.Backends;

/// <summary>The README's state table, row for row.</summary>
public class StateMappingTests
{
    [Theory]
    [InlineData("PENDING", State.Pending, false)]
    [InlineData("RUNNING", State.Running, false)]
    [InlineData("SUCCESS", State.Succeeded, true)]
    [InlineData("FAILED", State.Failed, true)]
    [InlineData("ROLLING_BACK", State.Unspecified, false)]
    [InlineData(null, State.Unspecified, false)]
    public void IotdaInstanceTask_MapState_Table(string? value, State state, bool done) =>
        Assert.Equal((state, done), IotdaInstanceTaskMapper.MapState(value));

    [Theory]
    [InlineData("CREATED", State.Pending, false)]
    [InlineData("EXECUTING", State.Running, false)]
    [InlineData("SUCCESS", State.Succeeded, true)]
    [InlineData("FAILED", State.Failed, true)]
    [InlineData("CANCELLED", State.Cancelled, true)]
    [InlineData("DELETED", State.Deleted, true)]
    [InlineData("PAUSED", State.Unspecified, false)]
    public void DmsScheduledTask_MapState_Table(string value, State state, bool done) =>
        Assert.Equal((state, done), DmsScheduledTaskMapper.MapState(value));

    [Theory]
    [InlineData("Processing", State.Running, false)]
    [InlineData("PROCESSING", State.Running, false)]
    [InlineData("Success", State.Succeeded, true)]
    [InlineData("Failed", State.Failed, true)]
    [InlineData("Queued", State.Unspecified, false)]
    public void IotdaExportTask_MapState_MixedCaseTable(string value, State state, bool done) =>
        Assert.Equal((state, done), IotdaExportTaskMapper.MapState(value));

    [Theory]
    [InlineData("notStarted", State.Pending, false)]
    [InlineData("running", State.Running, false)]
    [InlineData("pausing", State.Running, false)]
    [InlineData("paused", State.Paused, false)]
    [InlineData("cancelling", State.Cancelling, false)]
    [InlineData("completed", State.Succeeded, true)]
    [InlineData("cancelled", State.Cancelled, true)]
    [InlineData("failed", State.Failed, true)]
    [InlineData("archived", State.Unspecified, false)]
    public void AstraTask_MapState_Table(string value, State state, bool done) =>
        Assert.Equal((state, done), AstraTaskMapper.MapState(value));

    [Theory]
    [InlineData("pending", null, State.Pending, false)]
    [InlineData("pending", "install-processing", State.Running, false)]
    [InlineData("running", "install-succeed", State.Succeeded, true)]
    [InlineData("stopped", null, State.Succeeded, true)]
    [InlineData("stopped", "reinstall-processing", State.Running, false)]
    [InlineData("stopped", "modify-ip-failed", State.Failed, true)]
    [InlineData("shutting-down", "uninstall-processing", State.Running, false)]
    [InlineData("shutting-down", "reinstall-failed", State.Running, false)]
    [InlineData("pending", "install-failed", State.Pending, false)]
    [InlineData("terminated", "uninstall-succeed", State.Deleted, true)]
    [InlineData("error", "install-failed", State.Failed, true)]
    [InlineData("error", null, State.Failed, true)]
    [InlineData("stopping", null, State.Running, false)]
    [InlineData("reinstalling", null, State.Running, false)]
    [InlineData("modifyIping", null, State.Running, false)]
    [InlineData("switch-installing", null, State.Running, false)]
    [InlineData("failed", null, State.Failed, true)]
    [InlineData("teminated", null, State.Deleted, true)]
    [InlineData("hibernating", null, State.Unspecified, false)]
    [InlineData("hibernating", "switch-install-processing", State.Running, false)]
    public void CloudDcInstanceStatus_MapState_StateAndOperationState(string state, string? operation, State expected, bool done) =>
        Assert.Equal((expected, done), CloudDcInstanceStatusMapper.MapState(state, operation));

    [Theory]
    [InlineData("install-processing", "install")]
    [InlineData("switch-install-failed", "switch-install")]
    [InlineData("modify-ip-succeed", "modify-ip")]
    [InlineData(null, "")]
    public void CloudDcInstanceStatus_Operation_StripsOutcome(string? value, string expected) =>
        Assert.Equal(expected, CloudDcInstanceStatusMapper.Operation(value));
}
