namespace TaskGateway.Core.Sources;

/// <summary>
/// Settings a backend kind reads for its sources beyond the common <see cref="SourceOptions"/>: declared in the
/// backend's own folder, bound by its <see cref="BackendKind.BindSettings"/> from the source's own configuration
/// section (so a setting keeps its key, <c>TaskGateway:Sources:{alias}:{Setting}</c>), and checked by the kind's rules.
/// The core reads none of them; it only carries them to the backend and into the source's identity.
/// </summary>
public abstract record BackendSettings
{
    /// <summary>
    /// What the settings add to the source's identity (which account and scope its calls reach), for telling
    /// deployments apart: plain values only, never a secret.
    /// </summary>
    public abstract IReadOnlyList<string> IdentityParts { get; }
}
