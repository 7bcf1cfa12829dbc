using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using TaskGateway.Core.Errors;

namespace TaskGateway.Core.Http;

/// <summary>
/// Turns a non-success response into an UpstreamException: the backend's own error body reader picks its code,
/// message, request id and invalid parameters out of a JSON object; a bare JSON string is the message; anything
/// else (CloudDC's 429 is plain text, or garbage) is kept as a short printable prefix. It never throws.
/// </summary>
public static class UpstreamErrorReader
{
    private const int MaxMessageLength = 300;

    /// <summary>Builds the exception for a non-success response, with the source's error body reader.</summary>
    public static UpstreamException Read(string source, HttpResponseMessage response, ReadOnlySpan<byte> body, DateTimeOffset now, IUpstreamErrorBody reader)
    {
        var status = (int)response.StatusCode;
        UpstreamErrorBody? read = null;
        string? message = null;
        try
        {
            var json = new Utf8JsonReader(body);
            using var doc = JsonDocument.ParseValue(ref json);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                read = reader.Read(root);
            }
            else if (root.ValueKind == JsonValueKind.String)
            {
                message = root.GetString();
            }
        }
        catch (JsonException)
        {
            message = Encoding.UTF8.GetString(body.Length > MaxMessageLength ? body[..MaxMessageLength] : body);
        }

        var code = read?.Code;
        message = read?.Message ?? message;
        var requestId = read?.RequestId ?? Header(response, "X-Request-Id");
        var invalid = read?.InvalidParams?.Select(p => new KeyValuePair<string, string>(Clean(p.Key), Clean(p.Value))).ToList();
        var text = Clean(string.Join(": ", new[] { code, message }.Where(s => !string.IsNullOrWhiteSpace(s))));
        return new UpstreamException(UpstreamFailure.HttpStatus, source, text, status, Clean(code ?? string.Empty), Clean(requestId ?? string.Empty),
            RetryAfter(response, now), invalid);
    }

    /// <summary>A string or number property of a JSON object as text; null when absent or of another kind.</summary>
    public static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

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
