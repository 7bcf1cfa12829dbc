using System.Collections.Concurrent;

namespace TaskGateway.Core.Resilience;

/// <summary>
/// The circuit state of every source pipeline, fed by the breakers' callbacks; health checks and metrics
/// read it, so that what the gateway reports is what its breakers decided.
/// </summary>
public sealed class SourceCircuits
{
    private readonly ConcurrentDictionary<(string Source, UpstreamPurpose Purpose), CircuitState> _states = new();

    private readonly Lazy<bool> _seeded;

    /// <summary>
    /// Starts with every pipeline of the sources closed, so gauges show them before any call. The sources are
    /// read on first use, after start-up validation has had its say about the configuration.
    /// </summary>
    public SourceCircuits(Func<IEnumerable<string>> sources)
    {
        _seeded = new Lazy<bool>(() =>
        {
            foreach (var source in sources())
            {
                foreach (var purpose in Enum.GetValues<UpstreamPurpose>())
                {
                    _states.TryAdd((source, purpose), CircuitState.Closed);
                }
            }

            return true;
        });
    }

    /// <summary>Records a breaker's new state.</summary>
    public void Set(string source, UpstreamPurpose purpose, CircuitState state)
    {
        _ = _seeded.Value;
        _states[(source, purpose)] = state;
    }

    /// <summary>A pipeline's state; closed until its breaker says otherwise.</summary>
    public CircuitState Get(string source, UpstreamPurpose purpose) => _seeded.Value ? _states.GetValueOrDefault((source, purpose)) : default;

    /// <summary>Every pipeline that has reported, with its state.</summary>
    public IReadOnlyList<(string Source, UpstreamPurpose Purpose, CircuitState State)> All =>
        _seeded.Value ? [.. _states.Select(s => (s.Key.Source, s.Key.Purpose, s.Value))] : [];
}
