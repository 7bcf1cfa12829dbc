using System.Text.Json;
using TaskGateway.Core.Http;

namespace TaskGateway.Backends.Huawei;

/// <summary>
/// Huawei Cloud's error bodies: {error_code, error_msg} (also {code, message}), either at the top or nested one level
/// down under "error", with request_id where the service gives one.
/// </summary>
internal sealed class HuaweiErrorBody : IUpstreamErrorBody
{
    public static HuaweiErrorBody Instance { get; } = new();

    public UpstreamErrorBody Read(JsonElement root)
    {
        var target = root.TryGetProperty("error", out var nested) && nested.ValueKind == JsonValueKind.Object ? nested : root;
        return new(
            UpstreamErrorReader.Text(target, "error_code") ?? UpstreamErrorReader.Text(target, "code"),
            UpstreamErrorReader.Text(target, "error_msg") ?? UpstreamErrorReader.Text(target, "message"),
            UpstreamErrorReader.Text(target, "request_id"));
    }
}
