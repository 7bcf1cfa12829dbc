namespace TaskGateway.Core.Resilience;

/// <summary>A source pipeline's circuit, as its breaker last reported it.</summary>
public enum CircuitState
{
    /// <summary>Calls flow.</summary>
    Closed = 0,
    /// <summary>One trial call is let through to see whether the source recovered.</summary>
    HalfOpen = 1,
    /// <summary>Calls are refused without reaching the source.</summary>
    Open = 2,
}
