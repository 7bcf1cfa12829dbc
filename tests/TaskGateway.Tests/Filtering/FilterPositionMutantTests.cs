using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Filtering;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.Tests.Filtering;

/// <summary>
/// Kills the Filtering mutants the 3 December Stryker run left alive (docs/quality-triage.md, "Second run"): the
/// one-based positions in the lexer's and parser's refusals, the refusals themselves, the unknown-field message and
/// an OR's first branch.
/// </summary>
public class FilterPositionMutantTests
{
    private static string Refusal(string filter)
    {
        var e = Assert.Throws<RequestValidationException>(() => TaskFilter.Parse(filter));
        var violation = Assert.Single(e.Violations);
        Assert.Equal("filter", violation.Field);
        return violation.Description;
    }

    [Fact]
    public void Tokenize_BangWithoutEquals_NamesItsOneBasedPosition() =>
        Assert.Equal("has '!' without '=' at position 7", Refusal("state ! RUNNING"));

    [Fact]
    public void Tokenize_UnexpectedCharacter_NamesItsOneBasedPosition() =>
        Assert.Equal(
            "has an unexpected character '#' at position 9; supported operators are = != < > <= >= AND OR NOT",
            Refusal("state = #"));

    [Fact]
    public void Tokenize_ControlCharacterInString_RefusedAtItsOneBasedPosition() =>
        Assert.Equal("has a control character at position 10", Refusal("type = \"a\u0001\""));

    [Fact]
    public void Parse_StringWhereFieldExpected_Refused() =>
        Assert.StartsWith("has an unexpected ", Refusal("\"state\" = RUNNING"));

    [Fact]
    public void Parse_NoComparatorAfterField_NamesItsOneBasedPosition() =>
        Assert.Equal(
            "expects a comparator after 'state' at position 7; the ':' (has) operator is not supported",
            Refusal("state RUNNING"));

    [Fact]
    public void Parse_ParenthesisWhereValueExpected_Refused() =>
        Assert.Equal("has an unexpected '(' at position 9", Refusal("state = ( RUNNING )"));

    [Fact]
    public void Parse_UnknownField_NamesItAndListsSupported()
    {
        var refusal = Refusal("colour = red");

        Assert.StartsWith("names an unknown field 'colour'; supported: ", refusal);
        Assert.Contains("state", refusal, StringComparison.Ordinal);
        Assert.Matches("; supported: [a-z_]+, [a-z_]+, ", refusal);
        Assert.EndsWith(", and details.FIELD for a field of the task's details", refusal);
    }

    [Fact]
    public void Parse_Or_MatchesOnEitherBranch()
    {
        var filter = TaskFilter.Parse("state = RUNNING OR state = FAILED");

        Assert.True(filter.Matches(new CloudTask { State = State.Running }));
        Assert.True(filter.Matches(new CloudTask { State = State.Failed }));
        Assert.False(filter.Matches(new CloudTask { State = State.Pending }));
    }
}
