// The folder is Console; the namespace is not TaskGateway.Console, which would hide System.Console from every
// TaskGateway.* namespace (the tools' and tests' Console.WriteLine would bind to it).
namespace TaskGateway.WebConsole;

/// <summary>The browser console on the REST port: TaskGateway:Console.</summary>
internal sealed record ConsoleOptions
{
    public const string SectionName = "TaskGateway:Console";

    /// <summary>
    /// Whether the REST port serves the console at / and /console/... (true by default). The console holds no data
    /// of its own: it calls the REST API with the caller's credential, so turning it off closes no data path.
    /// </summary>
    public bool Enabled { get; set; } = true;
}
