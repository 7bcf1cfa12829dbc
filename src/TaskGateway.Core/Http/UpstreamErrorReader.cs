using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using TaskGateway.Core.Errors;

namespace TaskGateway.Core.Http;

/// <summary>
/// Reads whatever error body a backend sends: Huawei's {error_code, error_msg} (also {code, message}, and
/// either nested one level down), Astra's problem+json (with `status` as a string or a number, and
/// invalidParams), a bare string, or garbage. It never throws.
/// </summary>
public static class UpstreamErrorReader
{
    private const int MaxMessageLength = 300;

    /// <summary>Builds the exception for a non-success response.</summary>
    public static UpstreamException Read(string source, HttpResponseMessage response, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        var status = (int)response.StatusCode;
        string? code = null, message = null, requestId = null;
        List<KeyValuePair<string, string>>? invalid = null;

        try
        {
            var reader = new Utf8JsonReader(body);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var target = root.TryGetProperty("error", out var nested) && nested.ValueKind == JsonValueKind.Object ? nested : root;
                code = Text(target, "error_code") ?? Text(target, "code") ?? Text(target, "type");
                message = Text(target, "error_msg") ?? Text(target, "message") ?? Text(target, "detail") ?? Text(target, "title");
                requestId = Text(target, "correlationID") ?? Text(target, "request_id");
                if (target.TryGetProperty("invalidParams", out var ps) && ps.ValueKind == JsonValueKind.Array)
                {
                    invalid = [];
                    foreach (var p in ps.EnumerateArray())
                    {
                        if (p.ValueKind == JsonValueKind.Object && Text(p, "name") is { } name)
                        {
                            invalid.Add(new(Clean(name), Clean(Text(p, "reason") ?? string.Empty)));
                        }
                    }
                }
            }
            else if (root.ValueKind == JsonValueKind.String)
            {
                message = root.GetString();
            }
        }
        catch (JsonException)
        {
            // Not JSON: CloudDC's 429 is a bare string. Keep a printable prefix of it.
            message = Encoding.UTF8.GetString(body.Length > MaxMessageLength ? body[..MaxMessageLength] : body);
        }

        requestId ??= Header(response, "X-Request-Id");
        var text = Clean(string.Join(": ", new[] { code, message }.Where(s => !string.IsNullOrWhiteSpace(s))));
        return new UpstreamException(UpstreamFailure.HttpStatus, source, text, status, Clean(code ?? string.Empty), Clean(requestId ?? string.Empty),
            RetryAfter(response, now), invalid);
    }

    /// <summary>The Retry-After delay, from delta seconds or an HTTP date; null when absent.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    // Backend text goes into our status message: keep it short and printable.
    private static string Clean(string s)
    {
        var builder = new StringBuilder(Math.Min(s.Length, MaxMessageLength));
        foreach (var c in s)
        {
            if (builder.Length >= MaxMessageLength)
            {
                break;
            }

            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString();
    }
}
