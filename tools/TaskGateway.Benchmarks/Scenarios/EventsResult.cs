using TaskGateway.Benchmarks.Report;

namespace TaskGateway.Benchmarks.Scenarios;

/// <summary>The push benchmark's figures (see EventsScenario).</summary>
internal sealed record EventsResult(
    int Subscriptions,
    int Tasks,
    double CreatedPerSecond,
    double MemoryBytesPerSubscription,
    double StoreBytesPerSubscription,
    double EventsPerSecond,
    double SecondsToLastEvent,
    double DelayP50Ms,
    double DelayP99Ms,
    double SingleDelayMs,
    long Requests,
    MachineInfo Machine);
