using TaskGateway.Core.Auth;
using TaskGateway.Core.Sources;

namespace TaskGateway.Backends.Huawei;

/// <summary>
/// Huawei Cloud's auth schemes, shared by its backends: an IAM token in X-Auth-Token, AK/SK signing
/// (SDK-HMAC-SHA256), and derived AK/SK signing (V11, scoped to a region and a service).
/// </summary>
internal static class HuaweiAuth
{
    /// <summary>X-Auth-Token: an IAM token, or the caller's own on pass-through sources.</summary>
    public static AuthScheme Token { get; } = new("Token", AuthScheme.RequireToken,
        (source, _) => new HeaderTokenHandler("X-Auth-Token", string.Empty, source.Auth.Token));

    /// <summary>AK/SK signing.</summary>
    public static AuthScheme AkSk { get; } = new("AkSk", (key, source, errors) => RequireKeys(key, source, errors),
        (source, time) => new AkSkSigningHandler(source.Auth.AccessKey!, source.Auth.SecretKey!, source.Auth.SecurityToken, null, null, time));

    /// <summary>Derived AK/SK signing; <paramref name="defaultService"/> is the service the backend signs for when the source names none.</summary>
    public static AuthScheme AkSkDerived(string? defaultService) => new("AkSkDerived",
        (key, source, errors) =>
        {
            RequireKeys(key, source, errors);
            var settings = HuaweiSettings.Of(source);
            AuthScheme.Require(settings.Region, $"{key}:Region", errors);
            if (defaultService is null && string.IsNullOrWhiteSpace(settings.Auth.DerivedService))
            {
                errors.Add($"{key}:Auth:DerivedService: required for AkSkDerived on this kind (only IoTDA has a default, iotdm).");
            }
        },
        (source, time) =>
        {
            var settings = HuaweiSettings.Of(source);
            return new AkSkSigningHandler(source.Auth.AccessKey!, source.Auth.SecretKey!, source.Auth.SecurityToken, settings.Region,
                settings.Auth.DerivedService is { Length: > 0 } service ? service : defaultService, time);
        });

    /// <summary>The schemes of a Huawei Cloud backend.</summary>
    public static IReadOnlyList<AuthScheme> Schemes(string? derivedService) => [Token, AkSk, AkSkDerived(derivedService)];

    /// <summary>Only the IoTDA export API reads an Instance-Id header: refuse the setting elsewhere.</summary>
    public static void RefuseInstanceId(string key, SourceOptions source, List<string> errors)
    {
        if (HuaweiSettings.Of(source).InstanceId is { Length: > 0 })
        {
            errors.Add($"{key}:InstanceId: only IotdaExportTask sources send an Instance-Id header; remove it.");
        }
    }

    private static void RequireKeys(string key, SourceOptions source, List<string> errors)
    {
        AuthScheme.Require(source.Auth.AccessKey, $"{key}:Auth:AccessKey", errors);
        AuthScheme.Require(source.Auth.SecretKey, $"{key}:Auth:SecretKey", errors);
        if (source.Auth.PassCallerToken)
        {
            errors.Add($"{key}:Auth:PassCallerToken: only Token and Bearer sources can pass a caller's token through.");
        }
    }
}
