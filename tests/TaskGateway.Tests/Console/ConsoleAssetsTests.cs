using System.Security.Cryptography;
using System.Text.RegularExpressions;
using TaskGateway.WebConsole;

namespace TaskGateway.Tests.WebConsole;

/// <summary>The console's files as embedded in the gateway, checked against the files in the repository.</summary>
public partial class ConsoleAssetsTests
{
    /// <summary>Issue 22: everything a console page loads is at most 200 KiB.</summary>
    private const int MaxTotalBytes = 200 * 1024;

    private static readonly ConsoleAssets Assets = new();

    private static string Folder => RepositoryFiles.PathOf("src", "TaskGateway", "Console", "wwwroot");

    public static TheoryData<string> Files() => [.. Directory.EnumerateFiles(Folder).Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(Files))]
    public void All_EachFileOfTheFolder_EmbeddedAsItIs(string file)
    {
        var asset = Assert.Single(Assets.All, a => a.Name == file);

        Assert.Equal(File.ReadAllBytes(Path.Combine(Folder, file)), asset.Content);
    }

    [Theory]
    [InlineData("index.html", "text/html; charset=utf-8")]
    [InlineData("app.js", "text/javascript; charset=utf-8")]
    [InlineData("app.css", "text/css; charset=utf-8")]
    [InlineData("icon.svg", "image/svg+xml")]
    public void All_KnownFiles_TheirContentTypes(string file, string contentType) =>
        Assert.Equal(contentType, Assert.Single(Assets.All, a => a.Name == file).ContentType);

    [Fact]
    public void All_EveryFile_ContentTypeOfItsExtension() =>
        Assert.All(Assets.All, a => Assert.Equal(ConsoleAssets.ContentTypeOf(a.Name), a.ContentType));

    [Fact]
    public void ETag_TwoLoads_SameQuotedHashOfTheBytes()
    {
        var again = new ConsoleAssets();

        Assert.All(Assets.All, a =>
        {
            Assert.Equal(again.All.Single(b => b.Name == a.Name).ETag, a.ETag);
            Assert.Equal("\"" + Convert.ToHexStringLower(SHA256.HashData(a.Content).AsSpan(0, 16)) + "\"", a.ETag);
        });
        Assert.Equal(Assets.All.Count, Assets.All.Select(a => a.ETag).Distinct().Count());
    }

    [Theory]
    [InlineData("nope.js")]
    [InlineData("APP.JS")]
    [InlineData("index.html")]
    [InlineData("../index.html")]
    [InlineData("")]
    public void Find_UnknownNameOrTheShell_Null(string name) => Assert.Null(Assets.Find(name));

    [Fact]
    public void Find_AppJs_TheModule() => Assert.Equal("app.js", Assets.Find("app.js")?.Name);

    [Fact]
    public void All_TotalSize_AtMost200KiB()
    {
        var total = Assets.All.Sum(a => a.Content.Length);

        Assert.True(total <= MaxTotalBytes, $"The console's files weigh {total} bytes, over {MaxTotalBytes}.");
    }

    [Fact]
    public void Shell_NoInlineScriptOrStyle()
    {
        var html = System.Text.Encoding.UTF8.GetString(Assets.Shell.Content);

        // CSP default-src 'self' would block them: the page must not depend on any.
        Assert.Empty(InlineScript().Matches(html));
        Assert.DoesNotMatch(@"(?i)\sstyle\s*=", html);
        Assert.DoesNotMatch(@"(?i)<style[\s>]", html);
        Assert.DoesNotMatch(@"(?i)\son[a-z]+\s*=", html);
        Assert.Matches("<html lang=\"en\">", html);
        Assert.Matches(@"<script type=""module"" src=""/console/assets/app\.js""></script>", html);
    }

    [Fact]
    public void Scripts_NoMarkupFromStringsNoStorageBeyondTheSession()
    {
        foreach (var script in Assets.All.Where(a => a.Name.EndsWith(".js", StringComparison.Ordinal)))
        {
            var text = System.Text.Encoding.UTF8.GetString(script.Content);

            Assert.DoesNotMatch(@"\.(inner|outer)HTML\s*\+?=|insertAdjacentHTML\(|document\.write|\beval\(|new Function\(|createContextualFragment", text);
            Assert.DoesNotMatch(@"localStorage\.|indexedDB\.|document\.cookie|caches\.open", text);
            Assert.DoesNotContain("EventSource(", text, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"(?i)(import|fetch)\s*\(?\s*['""`]https?:", text);
        }
    }

    [Fact]
    public void Shell_ScriptsItLoads_AllEmbedded()
    {
        var html = System.Text.Encoding.UTF8.GetString(Assets.Shell.Content);
        var modules = Assets.All.Where(a => a.Name.EndsWith(".js", StringComparison.Ordinal)).Select(a => System.Text.Encoding.UTF8.GetString(a.Content));

        var referenced = AssetReference().Matches(html).Select(m => m.Groups["file"].Value)
            .Concat(modules.SelectMany(m => ModuleImport().Matches(m).Select(i => i.Groups["file"].Value)))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.Contains("app.js", referenced);
        Assert.All(referenced, file => Assert.NotNull(Assets.Find(file)));
    }

    [Fact]
    public void Shell_EveryModule_PreloadedSoTheyLoadTogether()
    {
        // Without modulepreload each import is found only once its importer has arrived: a waterfall of round trips.
        var html = System.Text.Encoding.UTF8.GetString(Assets.Shell.Content);
        var modules = Assets.All.Where(a => a.Name.EndsWith(".js", StringComparison.Ordinal) && a.Name != "app.js").Select(a => a.Name);

        Assert.All(modules, m => Assert.Contains($"<link rel=\"modulepreload\" href=\"/console/assets/{m}\">", html, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"(?is)<script(?![^>]*\ssrc=)[^>]*>")]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"/console/assets/(?<file>[\w.-]+)")]
    private static partial Regex AssetReference();

    [GeneratedRegex(@"(?:from|import\()\s*'\./(?<file>[\w.-]+)'")]
    private static partial Regex ModuleImport();
}
