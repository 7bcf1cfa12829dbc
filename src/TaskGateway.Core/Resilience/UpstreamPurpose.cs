namespace TaskGateway.Core.Resilience;

/// <summary>Why the gateway calls a backend; each purpose has its own resilience pipeline per source.</summary>
public enum UpstreamPurpose
{
    /// <summary>A caller's unary request: retried within the retry budget, bounded by the caller's deadline.</summary>
    Request,
    /// <summary>A watch poller's poll: not retried (the poller's own backoff is its retry), with its own circuit and concurrency limit so polls cannot starve requests.</summary>
    Watch,
}
