namespace TaskGateway.WebConsole;

/// <summary>The console's log events (5200-5219).</summary>
internal static partial class ConsoleLog
{
    // Said at every start: the person who just ran the gateway learns where the page is.
    [LoggerMessage(5200, LogLevel.Information, "Console: open {ConsoleAddress} in a browser (TaskGateway:Console:Enabled)")]
    public static partial void Serving(ILogger logger, string consoleAddress);
}
