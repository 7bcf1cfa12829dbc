using Google.Protobuf.WellKnownTypes;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Filtering;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.Tests.Filtering;

/// <summary>Kills the mutants Stryker left alive in the filter lexer and parser (docs/quality-triage.md).</summary>
public class FilterParserMutantTests
{
    private static Timestamp At(string text) =>
        Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture));

    private static CloudTask WithProgress(double progress) => new() { State = State.Running, ProgressPercent = progress };

    private static string Refusal(string filter)
    {
        var e = Assert.Throws<RequestValidationException>(() => TaskFilter.Parse(filter));
        var violation = Assert.Single(e.Violations);
        Assert.Equal("filter", violation.Field);
        return violation.Description;
    }

    [Fact]
    public void Tokenize_ExactlyMaxLength_AcceptedOneMoreRefused()
    {
        var atLimit = "type = \"" + new string('a', 2048 - 9) + "\"";
        Assert.Equal(2048, atLimit.Length);

        Assert.True(TaskFilter.Parse(atLimit).Matches(new CloudTask { Type = new string('a', 2039) }));
        Assert.Equal("is longer than 2048 characters", Refusal(atLimit + " "));
    }

    [Fact]
    public void Tokenize_ControlCharacter_NamesItsOneBasedPosition() =>
        Assert.Equal("has a control character at position 9", Refusal("state = \u0001"));

    [Fact]
    public void Tokenize_SingleCharComparatorBeforeValue_KeepsWholeValue()
    {
        // "> 25" written without a space: the comparator is one character, the value 25 (not 5).
        Assert.False(TaskFilter.Parse("progress_percent >25").Matches(WithProgress(24)));
        Assert.True(TaskFilter.Parse("progress_percent >25").Matches(WithProgress(26)));
    }

    [Fact]
    public void Tokenize_EscapedQuoteInString_IsPartOfValue() =>
        Assert.True(TaskFilter.Parse("type = \"A\\\"B\"").Matches(new CloudTask { Type = "A\"B" }));

    [Fact]
    public void Tokenize_BackslashLastCharacter_UnterminatedString() =>
        Assert.Equal("has an unterminated string starting at position 8", Refusal("type = \"ab\\"));

    [Fact]
    public void Parse_BlankFilter_MatchesEverything()
    {
        Assert.True(TaskFilter.Parse(null).Matches(new CloudTask()));
        Assert.Equal(string.Empty, TaskFilter.Parse(null).Text);
        Assert.Empty(TaskFilter.Parse(null).Fields);
        Assert.Same(TaskFilter.All, new FilterParser(" \t\r\n").Parse());
    }

    [Fact]
    public void Parse_ThirtyTwoLevels_AcceptedThirtyThreeRefused()
    {
        // Each parenthesis is one level, the comparison inside another.
        static string Nested(int parens) => new string('(', parens) + "state = RUNNING" + new string(')', parens);

        Assert.True(TaskFilter.Parse(Nested(31)).Matches(new CloudTask { State = State.Running }));
        Assert.Equal("nests deeper than 32 levels", Refusal(Nested(32)));
    }

    [Fact]
    public void Parse_LongFlatConjunction_NotCountedAsNesting()
    {
        var filter = string.Join(" AND ", Enumerable.Repeat("state = RUNNING", 40));
        Assert.True(TaskFilter.Parse(filter).Matches(new CloudTask { State = State.Running }));
    }

    [Theory]
    [InlineData("state = RUNNING AND", "ends where a comparison or '(' was expected")]
    [InlineData("state", "ends where a comparator (= != < > <= >=) was expected")]
    [InlineData("state =", "ends where a value was expected")]
    [InlineData("(state = RUNNING state", "has an unexpected 'state' at position 18")]
    public void Parse_Incomplete_SaysWhatWasExpected(string filter, string description) =>
        Assert.Equal(description, Refusal(filter));

    [Fact]
    public void Parse_NegatedCreateTime_NoBoundPushedDown()
    {
        var filter = TaskFilter.Parse("NOT (create_time >= \"2024-01-01T00:00:00Z\")");

        Assert.Null(filter.CreatedAtOrAfter);
        Assert.Null(filter.CreatedAtOrBefore);
    }

    [Theory]
    [InlineData("create_time < \"2024-02-01T00:00:00Z\"", null, "2024-02-01T00:00:00Z")]
    [InlineData("create_time <= \"2024-02-01T00:00:00Z\"", null, "2024-02-01T00:00:00Z")]
    [InlineData("create_time > \"2024-02-01T00:00:00Z\"", "2024-02-01T00:00:00Z", null)]
    [InlineData("create_time = \"2024-02-01T00:00:00Z\"", "2024-02-01T00:00:00Z", "2024-02-01T00:00:00Z")]
    [InlineData("create_time >= \"2024-01-01T00:00:00Z\" AND create_time >= \"2024-03-01T00:00:00Z\"", "2024-03-01T00:00:00Z", null)]
    [InlineData("create_time >= \"2024-03-01T00:00:00Z\" AND create_time >= \"2024-01-01T00:00:00Z\"", "2024-03-01T00:00:00Z", null)]
    [InlineData("create_time <= \"2024-01-01T00:00:00Z\" AND create_time <= \"2024-03-01T00:00:00Z\"", null, "2024-01-01T00:00:00Z")]
    [InlineData("create_time <= \"2024-03-01T00:00:00Z\" AND create_time <= \"2024-01-01T00:00:00Z\"", null, "2024-01-01T00:00:00Z")]
    public void Parse_CreateTimeBounds_TightestPerSide(string filter, string? after, string? before)
    {
        var parsed = TaskFilter.Parse(filter);

        Assert.Equal(after is null ? null : At(after), parsed.CreatedAtOrAfter);
        Assert.Equal(before is null ? null : At(before), parsed.CreatedAtOrBefore);
    }

    [Theory]
    [InlineData("start_time")]
    [InlineData("end_time")]
    [InlineData("update_time")]
    public void Parse_TimeField_ReadsThatField(string field)
    {
        var task = new CloudTask();
        var stamp = At("2024-05-01T00:00:00Z");
        switch (field)
        {
            case "start_time": task.StartTime = stamp; break;
            case "end_time": task.EndTime = stamp; break;
            default: task.UpdateTime = stamp; break;
        }

        Assert.True(TaskFilter.Parse($"{field} = \"2024-05-01T00:00:00Z\"").Matches(task));
        Assert.False(TaskFilter.Parse($"schedule_time = \"2024-05-01T00:00:00Z\"").Matches(task));
    }

    [Fact]
    public void Parse_KindWithProtoPrefix_Matches() =>
        Assert.True(TaskFilter.Parse("kind = SOURCE_KIND_IOTDA_INSTANCE_TASK").Matches(new CloudTask { Kind = SourceKind.IotdaInstanceTask }));

    [Fact]
    public void Parse_ProgressUnset_EqualsNothingAndDiffersFromEverything()
    {
        var unset = new CloudTask { State = State.Running };

        Assert.False(TaskFilter.Parse("progress_percent = 0").Matches(unset));
        Assert.True(TaskFilter.Parse("progress_percent != 0").Matches(unset));
        Assert.True(TaskFilter.Parse("progress_percent != 5").Matches(unset));
    }

    [Fact]
    public void Parse_TextWithoutStar_IsExactNotPrefix()
    {
        Assert.False(TaskFilter.Parse("type = \"CREATE\"").Matches(new CloudTask { Type = "CREATED" }));
        Assert.True(TaskFilter.Parse("type = \"CREATE\"").Matches(new CloudTask { Type = "CREATE" }));
    }

    [Theory]
    [InlineData("=", false, true, false)]
    [InlineData("!=", true, false, true)]
    [InlineData("<", true, false, false)]
    [InlineData("<=", true, true, false)]
    [InlineData(">", false, false, true)]
    [InlineData(">=", false, true, true)]
    public void Parse_ProgressComparators_AtBelowAndAboveTheBound(string op, bool below, bool at, bool above)
    {
        var filter = TaskFilter.Parse($"progress_percent {op} 25");

        Assert.Equal(below, filter.Matches(WithProgress(20)));
        Assert.Equal(at, filter.Matches(WithProgress(25)));
        Assert.Equal(above, filter.Matches(WithProgress(30)));
    }

    [Fact]
    public void Parse_UnknownState_ListsEveryStateCommaSeparated() =>
        Assert.Equal(
            "compares state with 'BOGUS'; use one of UNSPECIFIED, PENDING, RUNNING, PAUSED, CANCELLING, SUCCEEDED, FAILED, CANCELLED, DELETED",
            Refusal("state = BOGUS"));

    [Fact]
    public void Parse_UnknownDetailsField_ListsDetailsFieldsInOrdinalOrder()
    {
        var description = Refusal("details.nosuch = 1");

        const string Head = "names an unknown details field 'nosuch'; details fields: ";
        const string Tail = " (ListSources shows each source's)";
        Assert.StartsWith(Head, description);
        Assert.EndsWith(Tail, description);
        var names = description[Head.Length..^Tail.Length].Split(", ");
        Assert.Contains("percent_done", names);
        Assert.Contains("export_count", names);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.True(names.Length > 10);
    }
}
