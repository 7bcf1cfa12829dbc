namespace TaskGateway.Tests;

/// <summary>Files of this repository, for tests that check documents and manifests against the code.</summary>
internal static class RepositoryFiles
{
    /// <summary>The directory holding TaskGateway.sln, found above the test's output directory.</summary>
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TaskGateway.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("TaskGateway.sln not found above the test's directory.");
    }
}
