using System.Reflection;
using NetArchTest.Rules;
using TaskGateway.Backends;
using TaskGateway.Core.Sources;
using TaskGateway.Sandbox;
using TaskGateway.Watch;

namespace TaskGateway.Tests.Architecture;

/// <summary>
/// The layers of docs/architecture.md and the way their references point: contract, core, backends (one folder
/// each), watch engine, host. Fails when a reference points the wrong way.
/// </summary>
public class ArchitectureTests
{
    private static readonly Assembly Contracts = typeof(Contracts.V1.CloudTask).Assembly;
    private static readonly Assembly Core = typeof(ITaskBackend).Assembly;
    private static readonly Assembly Backends = typeof(BackendCatalog).Assembly;
    private static readonly Assembly Watch = typeof(WatchHub).Assembly;
    private static readonly Assembly Events = typeof(TaskGateway.Events.EventsOptions).Assembly;
    private static readonly Assembly Sandbox = typeof(SandboxServer).Assembly;
    private static readonly Assembly Host = typeof(TaskGateway.Hosting.GatewayAddresses).Assembly;

    // The project's own assemblies an assembly's IL references, and whether it references ASP.NET Core.
    private static string[] OwnReferences(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("TaskGateway", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    private static bool UsesAspNetCore(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Any(a => a.Name!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));

    public static TheoryData<string, string[]> Allowed() => new()
    {
        { "TaskGateway.Contracts", [] },
        { "TaskGateway.Core", ["TaskGateway.Contracts"] },
        { "TaskGateway.Backends", ["TaskGateway.Contracts", "TaskGateway.Core"] },
        { "TaskGateway.Watch", ["TaskGateway.Contracts", "TaskGateway.Core"] },
        // Push sits on the watch engine (a subscription is a watcher whose caller is a webhook) and knows no backend.
        { "TaskGateway.Events", ["TaskGateway.Contracts", "TaskGateway.Core", "TaskGateway.Watch"] },
        // The sandbox verifies AK/SK signatures with its own code: sharing the gateway's signer would let a mistake
        // in it pass both ways.
        { "TaskGateway.Sandbox", [] },
    };

    private static Assembly Named(string name) => new[] { Contracts, Core, Backends, Watch, Events, Sandbox, Host }.Single(a => a.GetName().Name == name);

    [Theory]
    [MemberData(nameof(Allowed))]
    public void References_EachLayer_PointOnlyDownwards(string assembly, string[] allowed)
    {
        var unexpected = OwnReferences(Named(assembly)).Except(allowed).ToList();

        Assert.True(unexpected.Count == 0, $"{assembly} references {string.Join(", ", unexpected)}");
    }

    [Theory]
    [InlineData("TaskGateway.Contracts")]
    [InlineData("TaskGateway.Core")]
    [InlineData("TaskGateway.Backends")]
    [InlineData("TaskGateway.Watch")]
    [InlineData("TaskGateway.Events")]
    public void References_BelowTheHost_NoAspNetCore(string assembly) =>
        Assert.False(UsesAspNetCore(Named(assembly)), $"{assembly} references ASP.NET Core, which only the host and the sandbox may use");

    [Fact]
    public void Core_KnowsNoVendor()
    {
        string[] vendors = ["Huawei", "Astra", "Iotda", "Dms", "CloudDc", "AkSk"];

        var named = Core.GetTypes().Where(t => vendors.Any(v => t.FullName!.Contains(v, StringComparison.OrdinalIgnoreCase))).Select(t => t.FullName).ToList();

        Assert.True(named.Count == 0, "Core types named after a vendor: " + string.Join(", ", named));
    }

    [Fact]
    public void Core_SourceText_NamesNoVendor()
    {
        // Names, options and comments alike: a sixth backend must not find the core describing five.
        var vendor = new System.Text.RegularExpressions.Regex(@"\b(huawei|iotda|dms|astra|clouddc|netapp|ak/?sk)", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        var core = RepositoryFiles.PathOf("src", "TaskGateway.Core");

        var lines = Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(core, f), Line: i + 1, Text: line)))
            .Where(l => vendor.IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(lines.Count == 0, "The core names a vendor:\n" + string.Join("\n", lines));
    }

    private static IEnumerable<string> Folders() =>
        Backends.GetTypes().Select(t => t.Namespace).OfType<string>().Where(n => n.StartsWith("TaskGateway.Backends.", StringComparison.Ordinal)).Distinct();

    public static TheoryData<string> BackendFolders() => [.. Folders()];

    [Theory]
    [MemberData(nameof(BackendFolders))]
    public void Backends_EachFolder_DependsOnNoOtherBackend(string folder)
    {
        // A backend may use its vendor family's shared code (Huawei) and the common helpers, never another backend.
        string[] shared = ["TaskGateway.Backends.Huawei", "TaskGateway.Backends.Common"];
        var others = Folders().Where(n => n != folder && !shared.Contains(n)).ToArray();

        var result = Types.InAssembly(Backends).That().ResideInNamespace(folder).ShouldNot().HaveDependencyOnAny(others).GetResult();

        Assert.True(result.IsSuccessful, $"{folder} depends on another backend: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Watch_KnowsNoBackendOrHost()
    {
        var result = Types.InAssembly(Watch).ShouldNot().HaveDependencyOnAny("TaskGateway.Backends", "TaskGateway.Services", "TaskGateway.Hosting", "Microsoft.AspNetCore").GetResult();

        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void ScaleOut_DependsOnNoService()
    {
        // The services use scale-out (fingerprints, verified entries); the reverse would make the two one tangle.
        var result = Types.InAssembly(Host).That().ResideInNamespace("TaskGateway.ScaleOut").ShouldNot().HaveDependencyOn("TaskGateway.Services").GetResult();

        Assert.True(result.IsSuccessful, "ScaleOut depends on Services: " + string.Join(", ", result.FailingTypeNames ?? []));
    }
}
