namespace TaskGateway.Cli;

/// <summary>What the process exit status says; `watch` reports how the tasks ended.</summary>
internal static class ExitCodes
{
    /// <summary>The command worked; for watch, every task succeeded.</summary>
    public const int Ok = 0;
    /// <summary>watch: a task failed.</summary>
    public const int TaskFailed = 1;
    /// <summary>watch: a task was cancelled (or deleted), none failed.</summary>
    public const int TaskCancelled = 2;
    /// <summary>The gateway refused the call or could not be reached; the error is printed.</summary>
    public const int CallFailed = 3;
    /// <summary>health: the gateway is not serving.</summary>
    public const int NotServing = 4;
}
