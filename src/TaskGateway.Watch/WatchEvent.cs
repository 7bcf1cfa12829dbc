using TaskGateway.Contracts.V1;

namespace TaskGateway.Watch;

/// <summary>One event to send: its type, the task (none for heartbeats), the resume token after it, and when.</summary>
public readonly record struct WatchEvent(WatchEventType Type, CloudTask? Task, string ResumeToken, DateTimeOffset Time);
