using System.Collections.Concurrent;

namespace TaskGateway.Core.Resilience;

/// <summary>
/// The circuit state of every source pipeline, fed by the breakers' callbacks; health checks and metrics
/// read it, so that what the gateway reports is what its breakers decided.
/// </summary>
public sealed class SourceCircuits
{
    private readonly ConcurrentDictionary<(string Source, UpstreamPurpose Purpose), CircuitState> _states = new();

    /// <summary>Records a breaker's new state.</summary>
    public void Set(string source, UpstreamPurpose purpose, CircuitState state) => _states[(source, purpose)] = state;

    /// <summary>A pipeline's state; closed until its breaker says otherwise.</summary>
    public CircuitState Get(string source, UpstreamPurpose purpose) => _states.GetValueOrDefault((source, purpose));

    /// <summary>Every pipeline that has reported, with its state.</summary>
    public IReadOnlyList<(string Source, UpstreamPurpose Purpose, CircuitState State)> All =>
        [.. _states.Select(s => (s.Key.Source, s.Key.Purpose, s.Value))];
}
