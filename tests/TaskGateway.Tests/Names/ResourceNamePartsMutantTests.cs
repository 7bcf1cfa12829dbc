using TaskGateway.Core.Names;
using TaskGateway.Core.Paging;
using TaskGateway.Core.Errors;

namespace TaskGateway.Tests.Names;

/// <summary>
/// Kills Names and Paging mutants the 3 December Stryker run left alive (docs/quality-triage.md, "Second run"): the
/// project, instance and account ids read from a name, the letters-digits-dash id rule, a negative page size's message.
/// </summary>
public class ResourceNamePartsMutantTests
{
    private static ResourceName Task(string value)
    {
        Assert.True(ResourceNameParser.TryParseTask(value, out var name, out var error), error);
        return name;
    }

    [Fact]
    public void ProjectInstanceAccount_ReadTheIdAfterTheirCollection()
    {
        var name = Task("sources/s/projects/p1/instances/i1/tasks/t1");
        var astra = Task("sources/a/accounts/acc-1/tasks/t2");

        Assert.Equal("p1", name.Project);
        Assert.Equal("i1", name.Instance);
        Assert.Equal(string.Empty, name.Account);
        Assert.Equal("acc-1", astra.Account);
        Assert.Equal(string.Empty, astra.Project);
    }

    [Theory]
    [InlineData('a', true)]
    [InlineData('Z', true)]
    [InlineData('7', true)]
    [InlineData('-', true)]
    [InlineData('_', false)]
    [InlineData('.', false)]
    public void AlnumOrDash_LettersDigitsDashOnly(char c, bool allowed) =>
        Assert.Equal(allowed, IdRule.AlnumOrDash(c));

    [Fact]
    public void PageSizeResolve_Negative_MustNotBeNegative()
    {
        var e = Assert.Throws<RequestValidationException>(() => PageSize.Resolve(-1, 50, 100));
        var violation = Assert.Single(e.Violations);

        Assert.Equal("page_size", violation.Field);
        Assert.Equal("must not be negative", violation.Description);
    }
}
