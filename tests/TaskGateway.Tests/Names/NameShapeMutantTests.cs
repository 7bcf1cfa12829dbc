using TaskGateway.Core.Names;

namespace TaskGateway.Tests.Names;

/// <summary>
/// Kills the NameShape and ResourceName mutants the 3 December Stryker run left alive (docs/quality-triage.md,
/// "Second run"): the shape of a parsed name, shape matching by length and literals, a literal starting with 'z', and
/// reading the id after a singleton that ends the name.
/// </summary>
public class NameShapeMutantTests
{
    private static ResourceName Task(string value)
    {
        Assert.True(ResourceNameParser.TryParseTask(value, out var name, out var error), error);
        return name;
    }

    [Fact]
    public void Shape_ParsedName_IdsReplacedLiteralsKept()
    {
        var shape = Task("sources/s/projects/p1/tasks/t1").Shape;

        Assert.Equal("projects/{id}/tasks/{id}", shape.Pattern);
        Assert.Equal(NameShape.Of("projects/{id}/tasks/{id}"), shape);
    }

    [Fact]
    public void Matches_SameLiteralsAndLength_OnlyThen()
    {
        var shape = NameShape.Of("projects/{id}/tasks/{id}");

        Assert.True(shape.Matches(["projects", "p", "tasks", "t"]));
        Assert.False(shape.Matches(["projects", "p", "jobs", "t"]));
        Assert.False(shape.Matches(["projects", "p"]));
        Assert.False(shape.Matches(["projects", "p", "tasks", "t", "runs", "r"]));
    }

    [Theory]
    [InlineData("projects/{id")]
    [InlineData("projects/id}")]
    public void Of_IdWithOneBraceOnly_Throws(string pattern) =>
        Assert.Throws<ArgumentException>(() => NameShape.Of(pattern));

    [Theory]
    [InlineData("zones", true)]
    [InlineData("a", true)]
    [InlineData("Zones", false)]
    [InlineData("{zones", false)]
    public void IsLiteral_FirstLetterLowerCaseAToZ(string value, bool literal) =>
        Assert.Equal(literal, NameShape.IsLiteral(value));

    [Fact]
    public void IdAfter_SingletonEndingTheName_Empty()
    {
        var name = Task("sources/c/projects/p1/instances/i1/status");

        Assert.Equal(string.Empty, name.IdAfter("status"));
        Assert.Equal("i1", name.IdAfter("instances"));
    }
}
