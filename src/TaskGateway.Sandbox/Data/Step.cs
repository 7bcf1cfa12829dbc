namespace TaskGateway.Sandbox.Data;

/// <summary>One stage of a seeded task: from At after the sandbox starts, the task is in State.</summary>
internal sealed record Step(TimeSpan At, string State, string? Extra = null);
