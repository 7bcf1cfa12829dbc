using System.Text.RegularExpressions;
using TaskGateway.Core.Filtering;

namespace TaskGateway.Tests.Filtering;

/// <summary>The filter fields the contract documents are the ones the parser accepts, no more and no fewer.</summary>
public class FilterFieldsTests
{
    private static string ValueFor(string field) => field switch
    {
        "state" => "RUNNING",
        "kind" => "ASTRA_TASK",
        "done" => "true",
        "progress_percent" => "50",
        _ when field.EndsWith("_time", StringComparison.Ordinal) => "\"2024-01-01T00:00:00Z\"",
        _ => "\"x\"",
    };

    public static TheoryData<string> Fields() => [.. FilterParser.Fields];

    [Theory]
    [MemberData(nameof(Fields))]
    public void Parse_EveryListedField_Accepted(string field) =>
        Assert.Equal($"{field} = {ValueFor(field)}", TaskFilter.Parse($"{field} = {ValueFor(field)}").Text);

    [Fact]
    public void ApiReference_ListTasksFilterComment_ListsExactlyTheParsersFields()
    {
        var api = File.ReadAllText(RepositoryFiles.PathOf("docs", "api.md"));
        var row = api.Split('\n').Single(l => l.StartsWith("| `filter` = 4 | `filter` | string | An AIP-160 filter over the normalised task", StringComparison.Ordinal));
        var documented = Regex.Match(row, @"Fields: ([a-z_, ]+)\.").Groups[1].Value.Split(", ");

        Assert.Equal(FilterParser.Fields.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_NestedFilter_FieldsItNames() =>
        Assert.Equal(["done", "progress_percent", "state"], TaskFilter.Parse("state = RUNNING AND (progress_percent > 5 OR NOT done = true)").Fields);
}
