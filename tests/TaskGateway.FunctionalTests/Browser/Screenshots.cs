namespace TaskGateway.FunctionalTests.Browser;

/// <summary>Where the browser tests write their screenshots and measurements: TASKGATEWAY_SCREENSHOTS, else the test output.</summary>
internal static class Screenshots
{
    public static string Folder
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable("TASKGATEWAY_SCREENSHOTS") is { Length: > 0 } set
                ? set
                : Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public static string PathOf(string file) => Path.Combine(Folder, file);
}
