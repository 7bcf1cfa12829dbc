using System.Collections.Frozen;
using TaskGateway.Core.Sources;

namespace TaskGateway.ScaleOut;

/// <summary>
/// Each configured source's fingerprint in this deployment (<see cref="RedisMac.Fingerprint"/>), computed once: part
/// of every Redis name that concerns a source (leases, states, cached fetches).
/// </summary>
internal sealed class SourceFingerprints(RedisMac mac, SourceRegistry sources)
{
    private readonly FrozenDictionary<string, string> _fingerprints =
        sources.Aliases.ToFrozenDictionary(a => a, a => mac.Fingerprint(sources.OptionsOf(a)), StringComparer.Ordinal);

    /// <summary>The fingerprint of a configured alias.</summary>
    public string this[string alias] => _fingerprints[alias];
}
