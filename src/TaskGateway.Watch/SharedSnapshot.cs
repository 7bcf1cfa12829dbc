using TaskGateway.Contracts.V1;

namespace TaskGateway.Watch;

/// <summary>
/// What the leading replica of a key shared: the tasks it polled and whether they are final, or that it failed (then
/// the receiver polls for itself, to report its own error).
/// </summary>
public sealed record SharedSnapshot(IReadOnlyList<CloudTask> Tasks, bool Final, bool Failed);
