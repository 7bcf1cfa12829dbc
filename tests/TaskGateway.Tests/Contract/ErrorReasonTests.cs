using System.Text.RegularExpressions;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;

namespace TaskGateway.Tests.Contract;

/// <summary>The reasons in ErrorInfo come from the contract's ErrorReason enum, by name, and nowhere else.</summary>
public sealed partial class ErrorReasonTests
{
    private static readonly Google.Protobuf.Reflection.EnumDescriptor Reasons = ErrorReasonReflection.Descriptor.EnumTypes[0];

    [GeneratedRegex("\"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|INTERNAL|UNAUTHENTICATED)\"")]
    private static partial Regex UpperSnakeLiteral();

    [Theory]
    [InlineData(ErrorReason.UpstreamTimeout, "UPSTREAM_TIMEOUT")]
    [InlineData(ErrorReason.WatchConditionUnreachable, "WATCH_CONDITION_UNREACHABLE")]
    [InlineData(ErrorReason.ServerShuttingDown, "SERVER_SHUTTING_DOWN")]
    [InlineData(ErrorReason.StreamDurationExceeded, "STREAM_DURATION_EXCEEDED")]
    [InlineData(ErrorReason.TaskScanLimitReached, "TASK_SCAN_LIMIT_REACHED")]
    [InlineData(ErrorReason.Internal, "INTERNAL")]
    public void NameOf_Reason_IsTheDocumentedString(ErrorReason reason, string documented) =>
        Assert.Equal(documented, ErrorReasons.NameOf(reason));

    [Fact]
    public void NameOf_EveryValue_IsItsProtoNameAndNumbersRunWithoutGaps()
    {
        var values = Reasons.Values.OrderBy(v => v.Number).ToList();

        Assert.Equal(Enumerable.Range(0, values.Count), values.Select(v => v.Number));
        Assert.Equal("ERROR_REASON_UNSPECIFIED", values[0].Name);
        Assert.All(values, v => Assert.Equal(v.Name, ErrorReasons.NameOf((ErrorReason)v.Number)));
    }

    [Fact]
    public void Readme_EveryReason_IsDocumented()
    {
        var readme = File.ReadAllText(RepositoryFiles.PathOf("README.md"));

        var missing = Reasons.Values.Skip(1).Select(v => v.Name).Where(n => !readme.Contains($"`{n}`", StringComparison.Ordinal)).ToList();

        Assert.True(missing.Count == 0, "README.md does not document: " + string.Join(", ", missing));
    }

    [Fact]
    public void Sources_NoReasonSpelledAsText_EveryOneComesFromTheEnum()
    {
        // A reason written as a string literal is one the contract may not have: clients could not switch on it.
        var reasons = Reasons.Values.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryFiles.PathOf("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }

                found.AddRange(UpperSnakeLiteral().Matches(lines[i]).Select(m => m.Groups[1].Value).Where(reasons.Contains)
                    .Select(r => $"{Path.GetRelativePath(RepositoryFiles.PathOf("src"), file)}:{i + 1} \"{r}\""));
            }
        }

        Assert.True(found.Count == 0, "Reasons spelled as text: " + string.Join("; ", found));
    }
}
