using System.Collections.Frozen;

namespace TaskGateway.Core.Sources;

/// <summary>The registered backend kinds, by configuration name (case-insensitive).</summary>
public sealed class BackendKinds
{
    private readonly FrozenDictionary<string, BackendKind> _kinds;

    /// <summary>Collects the registrations; a name registered twice is a wiring error.</summary>
    public BackendKinds(IEnumerable<BackendKind> kinds)
    {
        var list = kinds.ToList();
        var twice = list.GroupBy(k => k.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new InvalidOperationException($"The backend kind '{twice.Key}' is registered more than once.");
        }

        _kinds = list.ToFrozenDictionary(k => k.Name, StringComparer.OrdinalIgnoreCase);
        All = list;
        Names = [.. list.Select(k => k.Name)];
    }

    /// <summary>The configuration names, in registration order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>All kinds, in registration order.</summary>
    public IReadOnlyList<BackendKind> All { get; }

    /// <summary>The kind of a configuration name.</summary>
    public bool TryGet(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BackendKind? kind)
    {
        kind = null;
        return name is not null && _kinds.TryGetValue(name, out kind);
    }

    /// <summary>The kind of a validated configuration name.</summary>
    public BackendKind this[string name] => _kinds[name];
}
