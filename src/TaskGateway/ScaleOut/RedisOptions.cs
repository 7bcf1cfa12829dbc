namespace TaskGateway.ScaleOut;

/// <summary>
/// TaskGateway:Redis: optional coordination of replicas. Off unless Configuration is set; then each watched resource
/// has one polling replica (a lease in Redis), and shared fetches with a freshness window use Redis as their
/// second level.
/// </summary>
public sealed record RedisOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "TaskGateway:Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string, e.g. <c>redis:6379,password=...,ssl=true</c>; from configuration
    /// or a secret file (TaskGateway__Redis__Configuration). Empty: no coordination.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>How long a polling replica's lease lasts without renewal: the longest a dead leader's keys go unpolled.</summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The prefix of every Redis key and channel the gateway uses, so that several gateways can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "taskgateway";

    /// <summary>Whether coordination is on.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);
}
