using TaskGateway.Core.Names;

namespace TaskGateway.Tests.Names;

/// <summary>Kills the mutants Stryker left alive in Names (docs/quality-triage.md).</summary>
public class ResourceNameMutantTests
{
    private const string TaskMessage = "must be a task name such as sources/{source}/projects/{project}/instances/{instance}/tasks/{task}; ListSources shows each source's pattern";
    private const string ParentMessage = "must be a collection's parent such as sources/{source}/projects/{project}; ListSources shows each source's pattern";

    private static ResourceName Task(string value)
    {
        Assert.True(ResourceNameParser.TryParseTask(value, out var name, out var error), error);
        return name;
    }

    // A task name of exactly the given length: tasks/{id} pairs, the last id padded.
    private static string NameOfLength(int length)
    {
        var text = "sources/s";
        while (length - text.Length > 70)
        {
            text += "/tasks/" + new string('t', 60);
        }

        return text + "/tasks/" + new string('t', length - text.Length - "/tasks/".Length);
    }

    [Theory]
    [InlineData('a', true)]
    [InlineData('f', true)]
    [InlineData('0', true)]
    [InlineData('9', true)]
    [InlineData('-', true)]
    [InlineData('g', false)]
    [InlineData('`', false)]
    [InlineData('/', false)]
    [InlineData(':', false)]
    [InlineData('A', false)]
    public void LowerHexOrDash_EdgesOfEachRange(char c, bool allowed) => Assert.Equal(allowed, IdRule.LowerHexOrDash(c));

    [Theory]
    [InlineData('a', true)]
    [InlineData('Z', true)]
    [InlineData('5', true)]
    [InlineData('-', true)]
    [InlineData('_', true)]
    [InlineData('.', false)]
    [InlineData('/', false)]
    [InlineData('é', false)]
    public void AlnumDashUnderscore_LettersDigitsDashUnderscoreOnly(char c, bool allowed) =>
        Assert.Equal(allowed, IdRule.AlnumDashUnderscore(c));

    [Fact]
    public void IdRuleCheck_Violations_NameFieldLimitAndDescription()
    {
        var rule = new IdRule("instance_id", 36, "lower-case hex digits and '-'", IdRule.LowerHexOrDash);

        Assert.Equal("instance_id must be 1 to 36 characters: lower-case hex digits and '-'", rule.Check(string.Empty));
        Assert.Equal("instance_id must be 1 to 36 characters: lower-case hex digits and '-'", rule.Check(new string('a', 37)));
        Assert.Null(rule.Check(new string('a', 36)));
        Assert.Equal("instance_id may only contain lower-case hex digits and '-'", rule.Check("abc/"));
    }

    [Fact]
    public void Collection_SingletonEmptyMemberItsCollection()
    {
        Assert.Equal(string.Empty, NameShape.Of("projects/{project}/instances/{instance}/status").Collection);
        Assert.Equal("scheduledTasks", NameShape.Of("projects/{p}/instances/{i}/scheduledTasks/{t}").Collection);
    }

    [Fact]
    public void Of_MalformedPattern_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => NameShape.Of("projects/{p}/{q}"));
        Assert.StartsWith("'projects/{p}/{q}' is not a name shape: literals and {ids} must alternate, starting with a literal.", e.Message);
        Assert.Equal("pattern", e.ParamName);
    }

    [Fact]
    public void ShapeOperators_EqualByKeyNullSafe()
    {
        var a = NameShape.Of("projects/{project}/tasks/{task}");
        var b = NameShape.Of("projects/{p}/tasks/{t}");
        var c = NameShape.Of("accounts/{a}/tasks/{t}");
        NameShape? none = null;

        Assert.True(a == b);
        Assert.False(a != b);
        Assert.False(a == c);
        Assert.True(a != c);
        Assert.False(a == none);
        Assert.False(none == a);
        Assert.True(none == null);
        Assert.True(a != none);
        Assert.False(none != null);
    }

    [Fact]
    public void TryParse_CollectionIdOf32Letters_Accepted33Refused()
    {
        Assert.True(ResourceNameParser.TryParseTask("sources/s/projects/p/" + new string('a', 32) + "/t", out _, out _));
        Assert.False(ResourceNameParser.TryParseTask("sources/s/projects/p/" + new string('a', 33) + "/t", out _, out var error));
        Assert.Equal("has an invalid collection id in segment 5: use lowerCamelCase letters", error);
    }

    [Fact]
    public void Task_ParentOrSingleton_Empty()
    {
        Assert.True(ResourceNameParser.TryParseParent("sources/dms/projects/p1/instances/i1", out var parent, out _));
        Assert.Equal(string.Empty, parent.Task);
        Assert.Equal(string.Empty, Task("sources/clouddc/projects/p1/instances/cdc-1/status").Task);
        Assert.Equal("t1", Task("sources/iotda/projects/p1/instances/i-1/tasks/t1").Task);
    }

    [Fact]
    public void IdAfter_AbsentCollection_Empty() =>
        Assert.Equal(string.Empty, Task("sources/iotda/projects/p1/instances/i-1/tasks/t1").Account);

    [Fact]
    public void Parent_Singleton_ThrowsNamingTheName()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Task("sources/clouddc/projects/p1/instances/cdc-1/status").Parent());
        Assert.Equal("sources/clouddc/projects/p1/instances/cdc-1/status has no parent collection.", e.Message);
        Assert.Equal("sources/iotda/projects/p1/instances/i-1", Task("sources/iotda/projects/p1/instances/i-1/tasks/t1").Parent().Format());
    }

    [Fact]
    public void TryParse_NameOf512_Accepted513Refused()
    {
        Assert.Equal(512, NameOfLength(512).Length);
        Assert.True(ResourceNameParser.TryParseTask(NameOfLength(512), out _, out var accepted), accepted);
        Assert.False(ResourceNameParser.TryParseTask(NameOfLength(513), out _, out var error));
        Assert.Equal("is longer than 512 characters", error);
    }

    [Theory]
    [InlineData("sources/a", false, TaskMessage)]
    [InlineData("sources/a", true, ParentMessage)]
    [InlineData("sources/a/projects", true, ParentMessage)]
    [InlineData("source/a/projects/p/tasks/t", false, "must start with 'sources/{source}/'")]
    [InlineData("sources/a/projects/p1/Tasks/t1", false, "has an invalid collection id in segment 5: use lowerCamelCase letters")]
    [InlineData("sources/a/Projects/p1/tasks/t1", false, "has an invalid collection id in segment 3: use lowerCamelCase letters")]
    public void TryParse_Refused_ExactError(string value, bool parent, string expected)
    {
        var ok = parent
            ? ResourceNameParser.TryParseParent(value, out _, out var error)
            : ResourceNameParser.TryParseTask(value, out _, out error);

        Assert.False(ok);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryParse_Accepted_ErrorEmpty()
    {
        Assert.True(ResourceNameParser.TryParseTask("sources/a/accounts/b/tasks/c", out _, out var error));
        Assert.Equal(string.Empty, error);
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("z", true)]
    [InlineData("a0-9z", true)]
    [InlineData("0a", false)]
    [InlineData("-a", false)]
    [InlineData("`a", false)]
    [InlineData("{a", false)]
    [InlineData("a`", false)]
    [InlineData("a{", false)]
    [InlineData("a/", false)]
    [InlineData("a:", false)]
    [InlineData("aB", false)]
    [InlineData("a_", false)]
    public void IsSourceAlias_EdgesOfEachRange(string alias, bool valid) => Assert.Equal(valid, ResourceNameParser.IsSourceAlias(alias));

    [Fact]
    public void IsSourceAlias_63Accepted64Refused()
    {
        Assert.True(ResourceNameParser.IsSourceAlias(new string('a', 63)));
        Assert.False(ResourceNameParser.IsSourceAlias(new string('a', 64)));
    }

    [Fact]
    public void TryParse_IdOf64_Accepted65Refused()
    {
        Assert.True(ResourceNameParser.TryParseTask("sources/s/tasks/" + new string('t', 64), out _, out _));
        Assert.False(ResourceNameParser.TryParseTask("sources/s/tasks/" + new string('t', 65), out _, out var error));
        Assert.Equal("has an invalid id in segment 4: use 1 to 64 letters, digits, '-' or '_'", error);
    }
}
