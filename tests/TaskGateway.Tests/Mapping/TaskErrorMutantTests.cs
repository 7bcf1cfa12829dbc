using Google.Rpc;
using TaskGateway.Core.Mapping;

namespace TaskGateway.Tests.Mapping;

/// <summary>Kills the mutants Stryker left alive in TaskError (docs/quality-triage.md).</summary>
public class TaskErrorMutantTests
{
    private static ErrorInfo Info(Status status) => Assert.Single(status.Details).Unpack<ErrorInfo>();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Failed_NoMessage_TheTaskFailed(string? message) =>
        Assert.Equal("The task failed.", TaskError.Failed("iotda", "Failed", message).Message);

    [Fact]
    public void Failed_WithMessageAndCode_AbortedTaskFailedWithMetadata()
    {
        var status = TaskError.Failed("iotda", "Failed", "disk full", "IOTDA.0001");

        Assert.Equal((int)Code.Aborted, status.Code);
        Assert.Equal("disk full", status.Message);
        var info = Info(status);
        Assert.Equal("TASK_FAILED", info.Reason);
        Assert.Equal("taskgateway", info.Domain);
        Assert.Equal("iotda", info.Metadata["source"]);
        Assert.Equal("Failed", info.Metadata["sourceState"]);
        Assert.Equal("IOTDA.0001", info.Metadata["upstreamErrorCode"]);
    }

    [Fact]
    public void Cancelled_CancelledTaskCancelledEmptyCode()
    {
        var status = TaskError.Cancelled("astra", "canceled");

        Assert.Equal((int)Code.Cancelled, status.Code);
        Assert.Equal("The task was cancelled.", status.Message);
        var info = Info(status);
        Assert.Equal("TASK_CANCELLED", info.Reason);
        Assert.Equal("astra", info.Metadata["source"]);
        Assert.Equal("canceled", info.Metadata["sourceState"]);
        Assert.Equal(string.Empty, info.Metadata["upstreamErrorCode"]);
    }
}
