using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TaskGateway.Tests.Architecture;

/// <summary>
/// No member in src/ is longer than 60 lines (issue 20): a member that long mixes concerns a newcomer has to hold in
/// mind at once. Measured with Roslyn from a member's first line to its last (attributes included, comments before it
/// not), for methods, constructors, operators, properties, indexers, accessors and local functions.
/// </summary>
public class MemberLengthTests
{
    private const int MaxLines = 60;

    // Members allowed over the limit: none since the watch engine's redesign (issue 20 item 1) split its two loops into
    // explicit steps. A member that must be listed here one day is still checked for staleness below: each entry must
    // still be over the limit, so the list cannot outlive it.
    private static readonly string[] AllowedExceptions = [];

    [Fact]
    public void SourceMembers_OverSixtyLines_NoneOutsideTheAllowedExceptions()
    {
        var tooLong = SourceFiles().SelectMany(f => LongMembers(f.RelativePath, File.ReadAllText(f.FullPath))).ToList();

        var unexpected = tooLong.Where(m => !AllowedExceptions.Contains(m.Key)).Select(m => m.Describe()).ToList();
        Assert.True(unexpected.Count == 0,
            $"Members over {MaxLines} lines (split them by concern):{Environment.NewLine}{string.Join(Environment.NewLine, unexpected)}");
    }

    [Fact]
    public void AllowedExceptions_EachStillOverSixtyLines_ListIsNotStale()
    {
        var tooLong = SourceFiles().SelectMany(f => LongMembers(f.RelativePath, File.ReadAllText(f.FullPath))).Select(m => m.Key).ToHashSet();

        var stale = AllowedExceptions.Where(e => !tooLong.Contains(e)).ToList();
        Assert.True(stale.Count == 0,
            $"Allowed exceptions no longer over {MaxLines} lines (remove them from the list):{Environment.NewLine}{string.Join(Environment.NewLine, stale)}");
    }

    // The measure itself, on code written here: the boundary, and each kind of member the rule names.
    [Theory]
    [InlineData("void M() {{{0}}}", "M")]
    [InlineData("C() {{{0}}}", "C")]
    [InlineData("public static C operator +(C a, C b) {{{0}return a;}}", "operator +")]
    [InlineData("int P {{ get {{{0}return 1;}} }}", "P")]
    [InlineData("void M() {{ void Local() {{{0}}} }}", "Local")]
    public void LongMembers_SixtyOneLines_ReportedAndSixtyNot(string template, string name)
    {
        // The template's member spans its first line, the filler lines and its last line.
        static string ClassWith(string template, int lines) =>
            "class C\n{\n" + string.Format(System.Globalization.CultureInfo.InvariantCulture, template, string.Concat(Enumerable.Repeat("\n", lines - 1))) + "\n}\n";

        Assert.Contains(LongMembers("X.cs", ClassWith(template, 61)), m => m.Name == name && m.Lines == 61);
        Assert.DoesNotContain(LongMembers("X.cs", ClassWith(template, 60)), m => m.Name == name);
    }

    private static IEnumerable<(string RelativePath, string FullPath)> SourceFiles()
    {
        var src = RepositoryFiles.PathOf("src");
        return Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Select(full => (Relative: Path.GetRelativePath(src, full).Replace('\\', '/'), Full: full))
            .Where(f => !f.Relative.Split('/').Any(part => part is "obj" or "bin"))
            .OrderBy(f => f.Relative, StringComparer.Ordinal);
    }

    private static IEnumerable<LongMember> LongMembers(string relativePath, string text)
    {
        var root = CSharpSyntaxTree.ParseText(text, path: relativePath).GetRoot();
        foreach (var node in root.DescendantNodes())
        {
            if (NameOf(node) is not { } name)
            {
                continue;
            }

            var span = node.GetLocation().GetLineSpan();
            var lines = span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
            if (lines > MaxLines)
            {
                yield return new LongMember(relativePath, span.StartLinePosition.Line + 1, name, lines);
            }
        }
    }

    private static string? NameOf(SyntaxNode node) => node switch
    {
        MethodDeclarationSyntax m => m.Identifier.ValueText,
        ConstructorDeclarationSyntax c => c.Identifier.ValueText,
        DestructorDeclarationSyntax d => "~" + d.Identifier.ValueText,
        OperatorDeclarationSyntax o => "operator " + o.OperatorToken.ValueText,
        ConversionOperatorDeclarationSyntax c => "operator " + c.Type,
        PropertyDeclarationSyntax p => p.Identifier.ValueText,
        IndexerDeclarationSyntax => "this[]",
        EventDeclarationSyntax e => e.Identifier.ValueText,
        AccessorDeclarationSyntax a => a.Parent?.Parent switch
        {
            BasePropertyDeclarationSyntax p => NameOf(p) + "." + a.Keyword.ValueText,
            _ => a.Keyword.ValueText,
        },
        LocalFunctionStatementSyntax l => l.Identifier.ValueText,
        _ => null,
    };

    private sealed record LongMember(string RelativePath, int Line, string Name, int Lines)
    {
        public string Key => $"{RelativePath} {Name}";

        public string Describe() => $"{RelativePath}:{Line} {Name} ({Lines} lines)";
    }
}
