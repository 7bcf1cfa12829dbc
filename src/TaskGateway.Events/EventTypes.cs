namespace TaskGateway.Events;

/// <summary>The CloudEvents types the gateway sends.</summary>
public static class EventTypes
{
    /// <summary>A task subscription's task reached its until condition.</summary>
    public const string Matched = "taskgateway.task.matched";

    /// <summary>A task subscription's task ended without matching its until condition; it never will.</summary>
    public const string Unreachable = "taskgateway.task.unreachable";

    /// <summary>A task of a collection subscription was added or changed while it matches the filter.</summary>
    public const string Changed = "taskgateway.task.changed";
}
