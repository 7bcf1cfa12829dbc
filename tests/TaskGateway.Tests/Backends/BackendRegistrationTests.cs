using Google.Api;
using Google.Protobuf.Reflection;
using TaskGateway.Backends;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Sources;
using TaskGateway.Sandbox;

namespace TaskGateway.Tests.Backends;

/// <summary>
/// Besides its folder, a shipped backend kind touches the proto (enum value, details message, HTTP bindings) and the
/// sandbox's imitation. These fail when a registered kind lacks any of them.
/// </summary>
public class BackendRegistrationTests
{
    public static TheoryData<string> Kinds() => [.. BackendCatalog.All.Select(k => k.Name)];

    private static BackendKind Kind(string name) => BackendCatalog.All.Single(k => k.Name == name);

    // Every path of a method's HTTP rule, additional bindings included.
    private static List<string> Bindings(string method)
    {
        var rule = TaskService.Descriptor.FindMethodByName(method).GetOptions().GetExtension(AnnotationsExtensions.Http);
        return [.. new[] { rule }.Concat(rule.AdditionalBindings).Select(r => r.Get)];
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Registration_EveryShippedKind_HasItsSourceKindValueAndDetailsMessage(string name)
    {
        var descriptor = Kind(name).Descriptor;
        var details = CloudTask.Descriptor.Oneofs.Single(o => o.Name == "details").Fields.Select(f => f.MessageType);

        Assert.NotEqual(SourceKind.Unspecified, descriptor.Kind);
        Assert.NotNull(descriptor.Details);
        Assert.Contains(descriptor.Details, details);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Registration_EveryShippedKind_HasRestBindingsForItsShapes(string name)
    {
        var descriptor = Kind(name).Descriptor;
        var task = $"/v1/{{name=sources/*/{descriptor.TaskShape.Key}}}";

        Assert.Contains(task, Bindings("GetTask"));
        Assert.Contains(task + ":watch", Bindings("WatchTask"));
        if (descriptor.ParentShape is { } parent)
        {
            var list = $"/v1/{{parent=sources/*/{parent.Key}}}/{descriptor.Collection}";
            Assert.Contains(list, Bindings("ListTasks"));
            Assert.Contains(list + ":watch", Bindings("WatchTasks"));
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Registration_EveryShippedKind_ImitatedByTheSandbox(string name)
    {
        var configuration = SandboxServer.SourceConfigurationFor(new Uri("http://127.0.0.1:1"));

        Assert.Contains(configuration, kv => kv.Key.EndsWith(":Kind", StringComparison.Ordinal) && kv.Value == name);
    }

    [Fact]
    public void Registration_Names_UniqueAndOfDistinctShapes()
    {
        Assert.Equal(BackendCatalog.All.Count, BackendCatalog.All.Select(k => k.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(BackendCatalog.All.Count, BackendCatalog.All.Select(k => k.Descriptor.TaskShape).Distinct().Count());
    }
}
