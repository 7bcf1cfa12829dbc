namespace TaskGateway.Security;

/// <summary>Who may call the gateway and how much: TaskGateway:Callers.</summary>
internal sealed record CallerOptions
{
    public const string SectionName = "TaskGateway:Callers";

    /// <summary>
    /// API keys by caller name (TaskGateway:Callers:ApiKeys:{name}), sent as the x-api-key header. Keep them in
    /// the environment or in mounted secret files, not in appsettings.json.
    /// </summary>
    public Dictionary<string, string> ApiKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>JWT bearer tokens (Authorization: Bearer), accepted when an Authority or a SigningKey is set.</summary>
    public CallerJwtOptions Jwt { get; set; } = new();

    /// <summary>
    /// Lets the gateway listen beyond loopback with no caller authentication. Anyone who can reach the port can
    /// then read every configured source through the gateway's credentials: the gateway says so at every start.
    /// </summary>
    public bool AllowUnauthenticatedRemote { get; set; }

    /// <summary>
    /// Calls per second each caller may make on average (token bucket refill). Unset (the default), callers are
    /// not rate limited, as in Envoy, YARP and Kong: a service polling a few hundred tasks must not be refused by
    /// default. Set it to protect the gateway from a caller that misbehaves.
    /// </summary>
    public int? RequestsPerSecond { get; set; }

    /// <summary>Calls each caller may make in a burst (token bucket size); twice RequestsPerSecond when unset.</summary>
    public int? Burst { get; set; }

    /// <summary>Whether calls are rate limited per caller.</summary>
    public bool RateLimited => RequestsPerSecond is not null;

    /// <summary>The token bucket size in force when rate limited.</summary>
    public int EffectiveBurst => Burst ?? (int)Math.Min(1_000_000L, 2L * (RequestsPerSecond ?? 0));

    /// <summary>Watch streams each caller may hold open at once.</summary>
    public int MaxWatchStreams { get; set; } = 100;

    /// <summary>
    /// Calls each caller may have in flight at once (unary calls, and client or bidirectional streams such as
    /// reflection); more are refused at once with RESOURCE_EXHAUSTED. Watch streams (server streaming) are counted
    /// by <see cref="MaxWatchStreams"/> instead, so a caller holding its watches still has all of these for calls.
    /// </summary>
    public int MaxCallsInFlight { get; set; } = 256;

    /// <summary>Plumbing surfaces open to callers without credentials while authentication is on; all closed by default.</summary>
    public CallerAnonymousOptions Anonymous { get; set; } = new();

    /// <summary>
    /// Whether the gateway serves callers on this machine only: no caller authentication and no
    /// <see cref="AllowUnauthenticatedRemote"/>. Requests must then name a loopback host and come from loopback.
    /// </summary>
    public bool LocalOnly => !AuthenticationEnabled && !AllowUnauthenticatedRemote;

    /// <summary>Whether any caller authentication is configured.</summary>
    public bool AuthenticationEnabled => ApiKeys.Count > 0 || Jwt.Enabled;
}
