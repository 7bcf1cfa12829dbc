using System.Text.RegularExpressions;

namespace TaskGateway.Tests.Architecture;

/// <summary>
/// The host reads no raw configuration (issue 20: options one way): sections are bound in one place,
/// Hosting/OptionsRegistration.cs, and read everywhere else through IOptions. A key read by hand skips its
/// validator, so its problems would not be reported with the others at start.
/// </summary>
public partial class RawConfigurationTests
{
    private const string BindingPlace = "Hosting/OptionsRegistration.cs";

    [Fact]
    public void HostSources_RawConfigurationReads_OnlyWhereSectionsAreBound()
    {
        var root = RepositoryFiles.PathOf("src", "TaskGateway");
        var reads = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(f => (Path: Path.GetRelativePath(root, f).Replace('\\', '/'), Text: File.ReadAllText(f)))
            .Where(f => !f.Path.StartsWith("obj/", StringComparison.Ordinal) && !f.Path.StartsWith("bin/", StringComparison.Ordinal) && f.Path != BindingPlace)
            .SelectMany(f => RawReads(f.Path, f.Text))
            .ToList();

        Assert.True(reads.Count == 0, $"Raw configuration reads (bind the section in {BindingPlace} and read IOptions):{Environment.NewLine}{string.Join(Environment.NewLine, reads)}");
    }

    [Theory]
    [InlineData("var x = builder.Configuration[\"TaskGateway:SecretsDirectory\"];")]
    [InlineData("var x = configuration.GetValue<double>(\"TaskGateway:Telemetry:TraceSampleRatio\");")]
    [InlineData("var x = app.Configuration.GetSection(CallerOptions.SectionName).Get<CallerOptions>();")]
    [InlineData("var x = section.Get<HostingOptions>() ?? new HostingOptions();")]
    [InlineData("if (string.IsNullOrWhiteSpace(section[nameof(RedisOptions.Configuration)]))")]
    [InlineData("var aliases = builder.Configuration.GetSection(\"TaskGateway:Sources\").GetChildren();")]
    public void RawReads_EachKindOfRead_Found(string line) => Assert.Single(RawReads("X.cs", line));

    [Theory]
    [InlineData("builder.Services.AddOptions<WatchOptions>().Bind(builder.Configuration.GetSection(WatchOptions.SectionName)).ValidateOnStart();")]
    [InlineData("var addresses = _server.Features.Get<IServerAddressesFeature>()!.Addresses;")]
    [InlineData("// Read from configuration[\"x\"], not section.Get<T>(): a comment")]
    public void RawReads_BindingOrOtherGet_NotFound(string line) => Assert.Empty(RawReads("X.cs", line));

    private static IEnumerable<string> RawReads(string path, string text) =>
        text.Split('\n')
            .Select((line, i) => (Line: line.Trim(), Number: i + 1))
            .Where(l => !l.Line.StartsWith("//", StringComparison.Ordinal) && RawRead().IsMatch(l.Line))
            .Select(l => $"{path}:{l.Number}: {l.Line}");

    // An indexer on a configuration or section, GetValue<T>, Get<T> (bar IFeatureCollection's), GetChildren, and
    // GetSection other than as the argument of an options builder's Bind.
    [GeneratedRegex(@"[cC]onfiguration\s*\[|[sS]ection\s*\[|\.GetValue<|(?<!Features)\.Get<|\.GetChildren\(|(?<!\.Bind\([\w.]*)\bGetSection\(")]
    private static partial Regex RawRead();
}
