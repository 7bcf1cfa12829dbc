namespace TaskGateway.IntegrationTests;

/// <summary>The gateway's and the sandbox's builds of this test run's configuration (the project reference builds them first).</summary>
internal static class Binaries
{
    private static readonly string Root = FindRoot();

    // bin/{Configuration}/net10.0: the same configuration as this test assembly.
    private static readonly string Configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The repository's root directory.</summary>
    public static string RepositoryRoot => Root;

    public static string Gateway => Path.Combine(Root, "src", "TaskGateway", "bin", Configuration, "net10.0", "TaskGateway.dll");

    public static string Sandbox => Path.Combine(Root, "src", "TaskGateway.Sandbox", "bin", Configuration, "net10.0", "TaskGateway.Sandbox.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TaskGateway.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TaskGateway.sln not found above " + AppContext.BaseDirectory);
    }
}
