using TaskGateway.Core.Names;

namespace TaskGateway.Tests.Names;

public class ResourceNameParserTests
{
    [Theory]
    [InlineData("sources/iotda/projects/p1/instances/i-1/tasks/t1", NameShape.InstanceTask)]
    [InlineData("sources/dms/projects/p1/instances/i1/scheduledTasks/t1", NameShape.ScheduledTask)]
    [InlineData("sources/exports/projects/p1/exportTasks/t_1", NameShape.ExportTask)]
    [InlineData("sources/astra/accounts/a1/tasks/t1", NameShape.AccountTask)]
    [InlineData("sources/clouddc/projects/p1/instances/cdc-1/status", NameShape.InstanceStatus)]
    public void TryParseTask_EveryShape_ParsesAndFormatsBack(string value, NameShape shape)
    {
        Assert.True(ResourceNameParser.TryParseTask(value, out var name, out _));
        Assert.Equal(shape, name.Shape);
        Assert.Equal(value, name.Format());
    }

    [Theory]
    [InlineData("sources/dms/projects/p1/instances/i1", NameShape.InstanceParent)]
    [InlineData("sources/exports/projects/p1", NameShape.ProjectParent)]
    [InlineData("sources/astra/accounts/a1", NameShape.AccountParent)]
    public void TryParseParent_EveryShape_Parses(string value, NameShape shape)
    {
        Assert.True(ResourceNameParser.TryParseParent(value, out var name, out _));
        Assert.Equal(shape, name.Shape);
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
    [InlineData("sources/a/accounts/b/task/c")]
    [InlineData("sources/a/accounts/b/tasks")]
    [InlineData("sources/a/projects/p/instances/i/tasks/t/extra")]
    [InlineData("sources/a/projects/p/instances/i")]
    [InlineData("http://evil.example.com/sources/a/accounts/b/tasks/c")]
    public void TryParseTask_Malformed_Refused(string? value)
    {
        Assert.False(ResourceNameParser.TryParseTask(value, out _, out var error));
        Assert.NotEmpty(error);
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
