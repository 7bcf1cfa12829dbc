namespace TaskGateway.Core.Sources;

/// <summary>One backend: TaskGateway:Sources:{alias}.</summary>
public sealed record SourceOptions
{
    /// <summary>The backend kind, by the name it is registered under (ListSources and the README list them).</summary>
    public string? Kind { get; set; }

    /// <summary>The backend's base URL, e.g. https://api.vendor.example. The only host calls for this source go to.</summary>
    public string? Endpoint { get; set; }

    /// <summary>
    /// The kind's own settings of this source, bound by the kind from this same section (<see cref="BackendKind.BindSettings"/>);
    /// null for a kind without any. Not a configuration key itself.
    /// </summary>
    public BackendSettings? Settings { get; internal set; }

    /// <summary>How the gateway authenticates to the backend.</summary>
    public AuthOptions Auth { get; set; } = new();

    /// <summary>How long one upstream attempt may take before it counts as a timeout.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one upstream call may take in all, retries included; the caller's deadline can only shorten it.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The shortest interval between two polls of one watched resource; a watch returns to it after each change.</summary>
    public TimeSpan MinPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest interval between two polls while nothing changes (full-jitter backoff grows up to it).</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a task GetTask fetched is served again to callers with the same credentials (0, the default: never;
    /// only identical calls already in flight share one upstream call). Opt in where a little staleness is
    /// acceptable, to take load off a rate-limited backend: at most 00:05:00.
    /// </summary>
    public TimeSpan Freshness { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// The largest response body, in bytes, the gateway reads from this source (after decompression), from 1 KiB to
    /// 256 MiB; default 4 MiB. A larger answer is refused with UPSTREAM_RESPONSE_TOO_LARGE as its bytes arrive, never
    /// buffered past the limit, and not retried.
    /// </summary>
    public int MaxResponseBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How many list pages GetTask may read to find a task on a list-only backend.</summary>
    public int MaxScanPages { get; set; } = 20;

    /// <summary>How many times a failed idempotent GET is retried (0 to 5), with jittered exponential backoff from RetryDelay.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first retry delay; later ones grow exponentially with jitter, and Retry-After wins when sent.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Retries allowed per first attempt over a sliding 10 s window (0 to 1), per source and pipeline. With any
    /// value a failing backend sees at most twice the calls callers make: see <see cref="Resilience.RetryBudget"/>.
    /// </summary>
    public double RetryBudgetRatio { get; set; } = 0.2;

    /// <summary>Retries always allowed per 10 s window (still never more than the window's first attempts), so sparse traffic can retry.</summary>
    public int RetryBudgetMinRetries { get; set; } = 5;

    /// <summary>Calls in flight to this source at once for callers' requests; more are refused at once with UNAVAILABLE.</summary>
    public int MaxConcurrentRequests { get; set; } = 64;

    /// <summary>Polls in flight to this source at once for watches; a poll over the limit counts as a failed poll and is retried by the poller.</summary>
    public int MaxConcurrentPolls { get; set; } = 16;

    /// <summary>The share of failed attempts (0 to 1) over a 30 s sampling window that opens the source's circuit.</summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>The attempts a sampling window needs before its failure ratio can open the circuit.</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 10;

    /// <summary>How long an open circuit refuses calls before it lets one trial call through.</summary>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Pass-through sources: how many resilience pipelines (each its own circuit breaker and concurrency limits)
    /// callers' tokens are spread over, by a digest of the token; the gateway's own credentials always have their
    /// own pipeline besides. One tenant's throttling or failures then open only its bucket's circuit, never the
    /// gateway's nor the other buckets'. Fixed so that callers sending ever new tokens cannot grow the gateway's
    /// memory (the library keeps every pipeline it made); tenants sharing a bucket share its circuit. 1 to 1024.
    /// </summary>
    public int CallerPipelineBuckets { get; set; } = 32;
}
