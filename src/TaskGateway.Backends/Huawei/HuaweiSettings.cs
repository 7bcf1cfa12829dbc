using Microsoft.Extensions.Configuration;
using TaskGateway.Core.Sources;

namespace TaskGateway.Backends.Huawei;

/// <summary>
/// What a Huawei Cloud source sets beyond the common options, under its own section as before:
/// <c>TaskGateway:Sources:{alias}:Region</c>, <c>:InstanceId</c> and <c>:Auth:DerivedService</c>.
/// </summary>
internal sealed record HuaweiSettings : BackendSettings
{
    private static readonly HuaweiSettings None = new();

    /// <summary>The region, e.g. cn-north-4; derived AK/SK signing (AkSkDerived) is scoped to it.</summary>
    public string? Region { get; set; }

    /// <summary>The Instance-Id header the IoTDA export task API reads (professional editions need it); no other kind sends it.</summary>
    public string? InstanceId { get; set; }

    /// <summary>Huawei's settings under the source's Auth section.</summary>
    public HuaweiAuthSettings Auth { get; set; } = new();

    /// <inheritdoc/>
    public override IReadOnlyList<string> IdentityParts => [Region ?? string.Empty, InstanceId ?? string.Empty, Auth.DerivedService ?? string.Empty];

    /// <summary>Binds a source's settings from its section (TaskGateway:Sources:{alias}).</summary>
    public static BackendSettings Bind(IConfiguration source) => source.Get<HuaweiSettings>() ?? None;

    /// <summary>A source's settings; empty when none were bound (a source built in code).</summary>
    public static HuaweiSettings Of(SourceOptions source) => source.Settings as HuaweiSettings ?? None;

    /// <inheritdoc/>
    public override string ToString() => $"HuaweiSettings {{ Region = {Region}, InstanceId = {InstanceId}, DerivedService = {Auth.DerivedService} }}";
}
