using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TaskGateway.Core.Errors;

namespace TaskGateway.Core.Http;

/// <summary>
/// Turns a non-success response into an UpstreamException: the backend's own error body reader picks its code,
/// message, request id and invalid parameters out of a JSON object; a bare JSON string is the message; anything
/// else (an HTML error page from a proxy, a plain-text 429, binary) is evidence, not a message: the exception
/// says only the status and content type to the caller, and carries a short sanitised excerpt for ErrorInfo and the
/// log. It never throws.
/// </summary>
public static partial class UpstreamErrorReader
{
    private const int MaxMessageLength = 300;

    /// <summary>The longest excerpt of an undocumented error body kept as evidence.</summary>
    public const int MaxExcerptLength = 200;

    // Only the start of a body is looked at for the excerpt: an error page's first words say what it is.
    private const int MaxExcerptSourceBytes = 8 * 1024;

    /// <summary>Builds the exception for a non-success response, with the source's error body reader.</summary>
    public static UpstreamException Read(string source, HttpResponseMessage response, ReadOnlySpan<byte> body, DateTimeOffset now, IUpstreamErrorBody reader)
    {
        var status = (int)response.StatusCode;
        UpstreamErrorBody? read = null;
        string? message = null;
        var documented = true;
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
            else
            {
                documented = false;
            }
        }
        catch (JsonException)
        {
            documented = false;
        }

        if (!documented)
        {
            var type = Clean(response.Content.Headers.ContentType?.MediaType ?? "unknown", 100);
            var excerpt = Excerpt(body);
            return new UpstreamException(UpstreamFailure.HttpStatus, source, $"HTTP {status} {type} body: {excerpt}", status,
                requestId: Clean(Header(response, "X-Request-Id") ?? string.Empty), retryAfter: RetryAfter(response, now))
            {
                UndocumentedBodyType = type,
                BodyExcerpt = excerpt,
            };
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

    /// <summary>
    /// A short excerpt of a body that is not the vendor's error JSON: markup (tags, scripts, styles, entities) removed,
    /// control characters and runs of white space made one space, credential-like runs redacted, at most
    /// <see cref="MaxExcerptLength"/> characters. Empty when nothing printable is left (binary).
    /// </summary>
    public static string Excerpt(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body.Length > MaxExcerptSourceBytes ? body[..MaxExcerptSourceBytes] : body);
        text = Markup().Replace(text, " ");
        text = Entity().Replace(text, " ");
        var builder = new StringBuilder(Math.Min(text.Length, MaxExcerptLength));
        var space = false;
        foreach (var c in text)
        {
            var printable = !char.IsControl(c) && !char.IsWhiteSpace(c) && c != '\uFFFD' && !char.IsSurrogate(c)
                && char.GetUnicodeCategory(c) is not (System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.OtherNotAssigned or System.Globalization.UnicodeCategory.PrivateUse);
            if (!printable)
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        var excerpt = UpstreamText.ForLog(builder.ToString());
        return excerpt.Length > MaxExcerptLength ? excerpt[..MaxExcerptLength] : excerpt;
    }

    // Scripts and styles whole, comments, then any other tag (an unclosed one to the end).
    [GeneratedRegex(@"<script\b.*?(?:</script\s*>|$)|<style\b.*?(?:</style\s*>|$)|<!--.*?(?:-->|$)|<[^>]*(?:>|$)",
        RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Markup();

    [GeneratedRegex(@"&(?:#[0-9]{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Entity();

    // Backend text goes into our status message: keep it short and printable.
    private static string Clean(string s) => Clean(s, MaxMessageLength);

    private static string Clean(string s, int max)
    {
        var builder = new StringBuilder(Math.Min(s.Length, max));
        foreach (var c in s)
        {
            if (builder.Length >= max)
            {
                break;
            }

            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString();
    }
}
