namespace TaskGateway.Sandbox;

/// <summary>
/// One injected answer: a status and body (vendor-shaped or deliberately broken), an optional Retry-After,
/// a delay before answering, or a dropped connection.
/// </summary>
public sealed record SandboxFault(int Status, string? Body = null, string ContentType = "application/json")
{
    /// <summary>Sent as Retry-After (seconds) when set.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Waited (on the sandbox's clock) before answering.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>After the delay, answers normally instead of with this fault's status and body (pure latency).</summary>
    public bool PassThrough { get; init; }

    /// <summary>Drops the connection instead of answering.</summary>
    public bool Abort { get; init; }
}
