using System.Reflection;
using TaskGateway.Watch;

namespace TaskGateway.Tests.Watch;

/// <summary>
/// The engine carries no test seam in its surface (issue 20): no public class a test could subclass to hook into the
/// engine, and no optional constructor parameter on its components (their collaborators come from DI, grouped in
/// <see cref="WatchEngineServices"/>; tests observe through the internal <see cref="IWatchProbe"/>).
/// </summary>
public class WatchEngineSurfaceTests
{
    private static readonly Type[] Exported = typeof(WatchHub).Assembly.GetExportedTypes();

    [Fact]
    public void ExportedClasses_WatchAssembly_AllSealed()
    {
        var open = Exported.Where(t => t.IsClass && !t.IsSealed).Select(t => t.FullName).ToList();

        Assert.True(open.Count == 0, "Public classes that are not sealed: " + string.Join(", ", open));
    }

    [Theory]
    [InlineData(typeof(WatchHub))]
    [InlineData(typeof(WatchStreams))]
    [InlineData(typeof(WatchStream))]
    [InlineData(typeof(Poller))]
    [InlineData(typeof(WatchEngineServices))]
    public void Constructors_EngineComponent_NoOptionalParameter(Type component)
    {
        var optional = component.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
            .SelectMany(c => c.GetParameters()).Where(p => p.IsOptional).Select(p => p.Name).ToList();

        Assert.True(optional.Count == 0, $"{component.Name} takes optional parameters: " + string.Join(", ", optional));
    }
}
