namespace TaskGateway.Sandbox;

/// <summary>The sandbox's knobs: TaskGateway:Sandbox. Later issues use them for fault and load tests.</summary>
public sealed record SandboxOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "TaskGateway:Sandbox";

    /// <summary>
    /// Whether the gateway serves the sandbox when no source is configured: true starts it, false never does, and
    /// unset starts it only in the Development environment (what <c>dotnet run</c> sets), so a production gateway
    /// whose sources went missing refuses to start instead of serving demo data.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>The loopback port; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Added to every answer.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>The share of requests, 0 to 1, answered with a vendor 500/503 error.</summary>
    public double ErrorRate { get; set; }

    /// <summary>Every this many requests a burst of 429s starts; 0 turns bursts off.</summary>
    public int ThrottleEvery { get; set; }

    /// <summary>How many requests a 429 burst lasts.</summary>
    public int ThrottleBurst { get; set; } = 3;

    /// <summary>The Retry-After seconds sent with 429s; null sends none, as Huawei does.</summary>
    public int? ThrottleRetryAfterSeconds { get; set; }

    /// <summary>How many request targets and traceparents the request log keeps (the latest); counts stay exact.</summary>
    public int RequestLogCapacity { get; set; } = 100_000;

    /// <summary>The seed of the random choices (error rate), for repeatable runs.</summary>
    public int Seed { get; set; } = 20241122;
}
