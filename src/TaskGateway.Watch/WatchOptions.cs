namespace TaskGateway.Watch;

/// <summary>The watch engine's settings: TaskGateway:Watch. Poll intervals are per source (TaskGateway:Sources:{alias}).</summary>
public sealed record WatchOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "TaskGateway:Watch";

    /// <summary>A heartbeat goes out when nothing else was sent for this long.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The longest a stream may run; then it ends with UNAVAILABLE and callers resume with their token.</summary>
    public TimeSpan MaxStreamDuration { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a poller keeps running after its last watcher left, so a quick reconnect finds it warm.</summary>
    public TimeSpan PollerIdleTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many NotFound answers are tolerated before a task is first seen (backends are eventually consistent right after creation).</summary>
    public int NotFoundTolerance { get; set; } = 3;

    /// <summary>How many failed polls in a row a watch survives before it ends with UNAVAILABLE.</summary>
    public int ErrorBudget { get; set; } = 5;

    /// <summary>The delay after a 429 without Retry-After (Huawei advises 2 to 5 s).</summary>
    public TimeSpan ThrottleDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How many list pages one collection snapshot may read.</summary>
    public int MaxCollectionPages { get; set; } = 10;
}
