namespace TaskGateway.Security;

/// <summary>
/// What callers without credentials may reach while caller authentication is on: TaskGateway:Callers:Anonymous.
/// Everything is closed by default (deny by default); each switch opens one plumbing surface, never the service.
/// Without caller authentication (loopback only) these settings change nothing: every surface is open to callers
/// on this machine.
/// </summary>
internal sealed record CallerAnonymousOptions
{
    /// <summary>grpc.health.v1 (Check and Watch) and /healthz/live, /healthz/ready: for probes that cannot send a key.</summary>
    public bool Health { get; set; }

    /// <summary>Server reflection (v1 and v1alpha): lets anyone list the contract, its comments and error types.</summary>
    public bool Reflection { get; set; }

    /// <summary>/metrics (Prometheus): its labels name the sources' upstream hosts.</summary>
    public bool Metrics { get; set; }

    /// <summary>/openapi.json: the REST contract.</summary>
    public bool OpenApi { get; set; }
}
