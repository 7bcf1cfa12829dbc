using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Filtering;
using TaskGateway.Core.Names;
using TaskGateway.Core.Sources;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.Tests.Filtering;

/// <summary>details.FIELD: the backend's own record, filterable whatever the normalised state says.</summary>
public class DetailsFieldsTests
{
    private static CloudTask CloudDc(string state, string operation) => new()
    {
        State = State.Succeeded,
        Done = true,
        ClouddcInstanceStatus = new CloudDcInstanceStatusDetails { State = state, OperationState = operation },
    };

    private static CloudTask Export(long? count) => new()
    {
        IotdaExportTask = count is { } c ? new IotdaExportTaskDetails { ExportCount = c } : new IotdaExportTaskDetails(),
    };

    [Theory]
    [InlineData("details.state = running", "running", "poweron-succeed", true)]
    [InlineData("details.state = running", "stopped", "install-succeed", false)]
    [InlineData("details.state != running", "stopped", "install-succeed", true)]
    [InlineData("details.operation_state = install-*", "stopped", "install-succeed", true)]
    [InlineData("details.state = running AND done = true", "running", "", true)]
    public void Matches_CloudDcDetails_ComparesTheBackendsOwnState(string filter, string state, string operation, bool expected) =>
        Assert.Equal(expected, TaskFilter.Parse(filter).Matches(CloudDc(state, operation)));

    [Fact]
    public void Matches_NumericDetailsField_ComparesAsANumberAndAbsentNeverMatches()
    {
        var filter = TaskFilter.Parse("details.export_count >= 100");

        Assert.True(filter.Matches(Export(150)));
        Assert.False(filter.Matches(Export(99)));
        Assert.False(filter.Matches(Export(null)));
    }

    [Fact]
    public void Matches_DetailsOfAnotherKind_NeverMatches() =>
        Assert.False(TaskFilter.Parse("details.operation_state = x").Matches(Export(1)));

    [Theory]
    [InlineData("details.nope = 1", "unknown details field 'nope'")]
    [InlineData("details.state > running", "only = and != apply")]
    [InlineData("details.export_count = many", "not a number")]
    [InlineData("details.target_config = x", "unknown details field")]
    public void Parse_BadDetailsField_InvalidArgumentOnFilter(string filter, string message)
    {
        var e = Assert.Throws<RequestValidationException>(() => TaskFilter.Parse(filter));

        Assert.Equal("filter", e.Violations.Single().Field);
        Assert.Contains(message, e.Violations.Single().Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_DetailsFieldTheSourceLacks_SaysWhichItHas()
    {
        var descriptor = new BackendDescriptor(SourceKind.AstraTask, NameShape.Of("accounts/{account}/tasks/{task}"), NameShape.Of("accounts/{account}"), true, 10, 10)
        {
            Details = AstraTaskDetails.Descriptor,
        };

        Assert.Null(descriptor.Refuses(TaskFilter.Parse("details.state = running"), onList: true));
        Assert.Contains("details.percent_done", descriptor.Refuses(TaskFilter.Parse("details.operation_state = x"), onList: false), StringComparison.Ordinal);
        Assert.Contains("details.state", descriptor.FilterFields);
    }
}
