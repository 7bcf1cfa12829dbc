using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace TaskGateway.Core.Sources;

/// <summary>
/// Part of binding <see cref="GatewayOptions"/>: after the common settings, each source's kind binds its own
/// <see cref="BackendSettings"/> from the same section, before validation sees the options. Sources with an unknown
/// kind get none; validation reports the kind.
/// </summary>
public sealed class BackendSettingsBinder : IPostConfigureOptions<GatewayOptions>
{
    private readonly IConfiguration _gateway;
    private readonly BackendKinds _kinds;

    /// <summary>Creates the binder over the TaskGateway section and the registered kinds.</summary>
    public BackendSettingsBinder(IConfiguration gatewaySection, BackendKinds kinds)
    {
        _gateway = gatewaySection;
        _kinds = kinds;
    }

    /// <inheritdoc/>
    public void PostConfigure(string? name, GatewayOptions options)
    {
        foreach (var (alias, source) in options.Sources)
        {
            if (source.Kind is { } kindName && _kinds.TryGet(kindName, out var kind) && kind.BindSettings is { } bind)
            {
                source.Settings = bind(_gateway.GetSection("Sources").GetSection(alias));
            }
        }
    }
}
