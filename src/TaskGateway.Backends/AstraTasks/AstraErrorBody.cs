using System.Text.Json;
using TaskGateway.Core.Http;

namespace TaskGateway.Backends.AstraTasks;

/// <summary>
/// Astra Control's problem+json (RFC 7807): type, title, detail, status (a string or a number), correlationID, and
/// invalidParams naming the parameters it refused.
/// </summary>
internal sealed class AstraErrorBody : IUpstreamErrorBody
{
    public static AstraErrorBody Instance { get; } = new();

    public UpstreamErrorBody Read(JsonElement root)
    {
        List<KeyValuePair<string, string>>? invalid = null;
        if (root.TryGetProperty("invalidParams", out var ps) && ps.ValueKind == JsonValueKind.Array)
        {
            invalid = [];
            foreach (var p in ps.EnumerateArray())
            {
                if (p.ValueKind == JsonValueKind.Object && UpstreamErrorReader.Text(p, "name") is { } name)
                {
                    invalid.Add(new(name, UpstreamErrorReader.Text(p, "reason") ?? string.Empty));
                }
            }
        }

        return new(
            UpstreamErrorReader.Text(root, "type") ?? UpstreamErrorReader.Text(root, "code"),
            UpstreamErrorReader.Text(root, "detail") ?? UpstreamErrorReader.Text(root, "title") ?? UpstreamErrorReader.Text(root, "message"),
            UpstreamErrorReader.Text(root, "correlationID"),
            invalid);
    }
}
