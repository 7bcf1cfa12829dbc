using Google.Protobuf.WellKnownTypes;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Filtering;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.Tests.Filtering;

public class TaskFilterTests
{
    private static CloudTask Task(State state, string created, double? progress = null, string type = "CREATE")
    {
        var task = new CloudTask { State = state, Done = state is State.Succeeded or State.Failed, Type = type, CreateTime = Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(created, System.Globalization.CultureInfo.InvariantCulture)) };
        if (progress is { } p)
        {
            task.ProgressPercent = p;
        }

        return task;
    }

    [Theory]
    [InlineData("state = RUNNING", true)]
    [InlineData("state = STATE_RUNNING", true)]
    [InlineData("state != RUNNING", false)]
    [InlineData("state = SUCCEEDED", false)]
    [InlineData("done = false", true)]
    [InlineData("type = \"CREATE\"", true)]
    [InlineData("type = CRE*", true)]
    [InlineData("type = 'MODIFY'", false)]
    [InlineData("progress_percent > 20.5", true)]
    [InlineData("progress_percent >= 30", false)]
    [InlineData("create_time >= \"2024-01-01T00:00:00Z\"", true)]
    [InlineData("create_time < 2024-01-01T00:00:00Z", false)]
    [InlineData("state = RUNNING AND create_time > \"2024-06-01T00:00:00Z\"", false)]
    [InlineData("state = FAILED OR state = RUNNING", true)]
    [InlineData("NOT state = RUNNING", false)]
    [InlineData("NOT (state = FAILED OR done = true)", true)]
    [InlineData("kind = IOTDA_INSTANCE_TASK", false)]
    [InlineData("end_time != \"2024-01-01T00:00:00Z\"", true)]
    [InlineData("end_time = \"2024-01-01T00:00:00Z\"", false)]
    public void Matches_Expressions_EvaluatedOnNormalisedTask(string filter, bool expected) =>
        Assert.Equal(expected, TaskFilter.Parse(filter).Matches(Task(State.Running, "2024-03-01T00:00:00Z", 25)));

    [Fact]
    public void Parse_OrBindsTighterThanAnd()
    {
        // AIP-160: a AND b OR c means a AND (b OR c).
        var filter = TaskFilter.Parse("state = SUCCEEDED AND state = RUNNING OR done = false");

        Assert.False(filter.Matches(Task(State.Running, "2024-03-01T00:00:00Z")));
        Assert.False(TaskFilter.Parse("state = RUNNING OR state = FAILED AND done = true").Matches(Task(State.Running, "2024-03-01T00:00:00Z")));
    }

    [Fact]
    public void Parse_TopLevelCreateTimeRange_ExposesBoundsForPushdown()
    {
        var filter = TaskFilter.Parse("create_time >= \"2024-01-01T00:00:00Z\" AND state = RUNNING AND create_time < \"2024-02-01T00:00:00Z\"");

        Assert.Equal(DateTimeOffset.Parse("2024-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), filter.CreatedAtOrAfter!.ToDateTimeOffset());
        Assert.Equal(DateTimeOffset.Parse("2024-02-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), filter.CreatedAtOrBefore!.ToDateTimeOffset());
    }

    [Theory]
    [InlineData("create_time > \"2024-01-01T00:00:00Z\" OR state = RUNNING")]
    [InlineData("NOT create_time > \"2024-01-01T00:00:00Z\"")]
    [InlineData("(state = RUNNING OR create_time > \"2024-01-01T00:00:00Z\")")]
    public void Parse_BoundsUnderOrOrNot_NotPushedDown(string text)
    {
        var filter = TaskFilter.Parse(text);

        Assert.Null(filter.CreatedAtOrAfter);
        Assert.Null(filter.CreatedAtOrBefore);
    }

    [Fact]
    public void Parse_BoundBeforeOrGroup_KeptForPushdown() =>
        Assert.NotNull(TaskFilter.Parse("create_time > \"2024-01-01T00:00:00Z\" AND state = RUNNING OR done = true").CreatedAtOrAfter);

    [Theory]
    [InlineData("state", "ends where")]
    [InlineData("state =", "ends where")]
    [InlineData("colour = red", "unknown field")]
    [InlineData("state = WALKING", "use one of")]
    [InlineData("state > RUNNING", "only = and !=")]
    [InlineData("done = maybe", "true or false")]
    [InlineData("create_time > yesterday", "RFC 3339")]
    [InlineData("progress_percent > lots", "not a number")]
    [InlineData("state : RUNNING", "comparator")]
    [InlineData("(state = RUNNING", "')'")]
    [InlineData("state = RUNNING)", "unexpected")]
    [InlineData("type = \"unterminated", "unterminated")]
    [InlineData("state = RUNNING AND", "ends where")]
    [InlineData("state ! RUNNING", "'!'")]
    [InlineData("state = RUNNING; DROP", "unexpected character")]
    public void Parse_Invalid_RefusedOnFilterField(string text, string message)
    {
        var e = Assert.Throws<RequestValidationException>(() => TaskFilter.Parse(text));

        Assert.Equal("filter", e.Violations.Single().Field);
        Assert.Contains(message, e.Violations.Single().Description);
    }

    [Fact]
    public void Parse_DeepNesting_RefusedNotStackOverflow()
    {
        var text = new string('(', 10_000) + "state = RUNNING" + new string(')', 10_000);

        Assert.Throws<RequestValidationException>(() => TaskFilter.Parse(text[..2000]));
        Assert.Throws<RequestValidationException>(() => TaskFilter.Parse(text));
    }

    [Fact]
    public void Parse_Empty_MatchesEverything() => Assert.True(TaskFilter.Parse("  ").Matches(new CloudTask()));
}
