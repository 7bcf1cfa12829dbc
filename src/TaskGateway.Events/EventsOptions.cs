namespace TaskGateway.Events;

/// <summary>Push subscriptions' settings: TaskGateway:Events.</summary>
public sealed record EventsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "TaskGateway:Events";

    /// <summary>The retry delays after a failed delivery when none are configured (Standard Webhooks' schedule).</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetryDelays =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    /// <summary>Whether the subscription RPCs and the delivery loop run at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The SQLite file (relative paths are beside the app), used unless <see cref="PostgreSql"/> is set.</summary>
    public string SqlitePath { get; set; } = "data/events.db";

    /// <summary>A PostgreSQL connection string: subscriptions and the outbox live there, shared by every replica.</summary>
    public string? PostgreSql { get; set; }

    /// <summary>
    /// The delays before each retry of a failed delivery; after the last, the subscription is disabled. Null: the
    /// default schedule. (A list with defaults would be appended to by configuration binding, hence null.)
    /// </summary>
    public List<TimeSpan>? RetryDelays { get; set; }

    /// <summary>Sink hosts allowed over http and on loopback, private or link-local addresses (exact host names or IP literals).</summary>
    public List<string> AllowedSinkHosts { get; set; } = [];

    /// <summary>
    /// The start of every CloudEvent's `source`: an event about a task of source `iotda` has the source
    /// `{SourcePrefix}/sources/iotda`. A URI reference; set it to the gateway's own address to tell gateways apart.
    /// </summary>
    public string SourcePrefix { get; set; } = "//taskgateway";

    /// <summary>With caller authentication on, the most subscriptions one caller may hold.</summary>
    public int MaxSubscriptionsPerCaller { get; set; } = 1000;

    /// <summary>How long one delivery attempt may take, connection and answer included.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a replica holds a claimed event; a peer takes it over after that if the replica died.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the outbox is checked for due events when nothing woke the dispatcher (retries, other replicas' events).</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the set of subscriptions is read again (subscriptions created or deleted on other replicas).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many deliveries run at once (each to a different subscription: one subscription's events go in order).</summary>
    public int MaxConcurrentDeliveries { get; set; } = 32;

    /// <summary>
    /// How many of those one caller's subscriptions may hold at once while more than one caller has ACTIVE subscriptions
    /// (null: three quarters of MaxConcurrentDeliveries, rounded down, at least one). Callers take turns for free slots,
    /// the caller holding fewest first; this cap keeps one caller whose sinks answer slowly, or never, from holding every
    /// slot. A caller alone uses every slot. Fairness is per caller identity (see docs/events.md).
    /// </summary>
    public int? MaxConcurrentDeliveriesPerCaller { get; set; }

    /// <summary>The longest Retry-After honoured; longer ones are cut to this.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromHours(10);

    /// <summary>The per-caller cap in force.</summary>
    public int EffectiveMaxConcurrentDeliveriesPerCaller => MaxConcurrentDeliveriesPerCaller ?? Math.Max(1, MaxConcurrentDeliveries * 3 / 4);

    /// <summary>The retry schedule in force.</summary>
    public IReadOnlyList<TimeSpan> EffectiveRetryDelays => RetryDelays is { Count: > 0 } delays ? delays : DefaultRetryDelays;
}
