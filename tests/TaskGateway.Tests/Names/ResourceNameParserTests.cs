using TaskGateway.Core.Names;

namespace TaskGateway.Tests.Names;

public class ResourceNameParserTests
{
    [Theory]
    [InlineData("sources/iotda/projects/p1/instances/i-1/tasks/t1", "projects/{project}/instances/{instance}/tasks/{task}")]
    [InlineData("sources/dms/projects/p1/instances/i1/scheduledTasks/t1", "projects/{p}/instances/{i}/scheduledTasks/{t}")]
    [InlineData("sources/exports/projects/p1/exportTasks/t_1", "projects/{project}/exportTasks/{task}")]
    [InlineData("sources/astra/accounts/a1/tasks/t1", "accounts/{account}/tasks/{task}")]
    [InlineData("sources/clouddc/projects/p1/instances/cdc-1/status", "projects/{project}/instances/{instance}/status")]
    public void TryParseTask_EveryShape_ParsesAndFormatsBack(string value, string shape)
    {
        Assert.True(ResourceNameParser.TryParseTask(value, out var name, out _));
        Assert.Equal(NameShape.Of(shape), name.Shape);
        Assert.Equal(value, name.Format());
    }

    [Theory]
    [InlineData("sources/dms/projects/p1/instances/i1", "projects/{project}/instances/{instance}")]
    [InlineData("sources/exports/projects/p1", "projects/{project}")]
    [InlineData("sources/astra/accounts/a1", "accounts/{account}")]
    public void TryParseParent_EveryShape_Parses(string value, string shape)
    {
        Assert.True(ResourceNameParser.TryParseParent(value, out var name, out _));
        Assert.Equal(NameShape.Of(shape), name.Shape);
        Assert.Equal(value, name.Format());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sources")]
    [InlineData("sources/")]
    [InlineData("/sources/a/accounts/b/tasks/c")]
    [InlineData("sources/a/accounts/b/tasks/c/")]
    [InlineData("sources/a//accounts/b/tasks/c")]
    [InlineData("sources/a/accounts/../tasks/c")]
    [InlineData("sources/a/accounts/b/tasks/..")]
    [InlineData("sources/a/accounts/b/tasks/%2e%2e")]
    [InlineData("sources/a/accounts/b%2Fc/tasks/d")]
    [InlineData("sources/a/accounts/b/tasks/c?x=1")]
    [InlineData("sources/a/accounts/b/tasks/c#x")]
    [InlineData("sources/A/accounts/b/tasks/c")]
    [InlineData("sources/1a/accounts/b/tasks/c")]
    [InlineData("sources/a/accounts/b/tasks/c\n")]
    [InlineData("sources/a/accounts/b/tasks/\u00e9")]
    [InlineData("sources/a/accounts/b/tasks/c/Extra")]
    [InlineData("sources/a/accounts/b/ta-sks/c")]
    [InlineData("sources/a")]
    [InlineData("http://evil.example.com/sources/a/accounts/b/tasks/c")]
    public void TryParseTask_Malformed_Refused(string? value)
    {
        Assert.False(ResourceNameParser.TryParseTask(value, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData("sources/a/accounts/b/task/c", "accounts/*/task/*")]
    [InlineData("sources/a/accounts/b/tasks", "accounts/*/tasks")]
    [InlineData("sources/a/projects/p/instances/i", "projects/*/instances/*")]
    public void TryParseTask_WellFormedOfNoBackendsShape_ParsedForTheSourceToRefuse(string value, string key)
    {
        // The parser knows no backend: the source's backend compares the shape with its own (ValidationTests.GetTask_BadName_*).
        Assert.True(ResourceNameParser.TryParseTask(value, out var name, out _));
        Assert.Equal(key, name.Shape.Key);
    }

    [Fact]
    public void TryParseParent_OddSegments_Refused() =>
        Assert.False(ResourceNameParser.TryParseParent("sources/a/projects/p/status", out _, out _));

    [Fact]
    public void Parent_OfATask_DropsItsCollectionAndId()
    {
        Assert.True(ResourceNameParser.TryParseTask("sources/d/projects/p/instances/i/scheduledTasks/t", out var name, out _));

        Assert.Equal("sources/d/projects/p/instances/i", name.Parent().Format());
        Assert.True(name.Parent().IsParent);
        Assert.Equal("t", name.Task);
        Assert.Equal("sources/d/projects/p/instances/i/scheduledTasks/u", name.Parent().Child("scheduledTasks", "u"));
    }

    [Fact]
    public void TryParseTask_IdLongerThanLimit_Refused()
    {
        var id = new string('a', ResourceNameParser.MaxIdLength + 1);

        Assert.False(ResourceNameParser.TryParseTask($"sources/a/accounts/{id}/tasks/t", out _, out var error));
        Assert.Contains("segment 4", error);
    }

    [Fact]
    public void TryParseTask_NameLongerThanLimit_Refused() =>
        Assert.False(ResourceNameParser.TryParseTask("sources/a/" + string.Concat(Enumerable.Repeat("x/", 300)), out _, out _));

    [Theory]
    [InlineData("a", true)]
    [InlineData("iotda-prod-2", true)]
    [InlineData("-a", false)]
    [InlineData("Aa", false)]
    [InlineData("a_b", false)]
    public void IsSourceAlias_Rules_Applied(string alias, bool expected) => Assert.Equal(expected, ResourceNameParser.IsSourceAlias(alias));

    [Fact]
    public void IdRule_Check_ReportsLengthAndCharset()
    {
        var rule = new IdRule("task", 4, "lower-case hex", IdRule.LowerHexOrDash);

        Assert.Null(rule.Check("ab-1"));
        Assert.NotNull(rule.Check("abcde"));
        Assert.NotNull(rule.Check("ABCD"));
        Assert.NotNull(rule.Check(string.Empty));
    }
}
