using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TaskGateway.Core.Auth;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Resilience;
using TaskGateway.Core.Sources;

namespace TaskGateway.Core.Http;

/// <summary>
/// The one way adapters call a backend: GET, read the body once, map failures to UpstreamException, and
/// deserialize with source-generated metadata (no reflection on the hot path). The body is read inside the
/// resilience pipeline by <see cref="BoundedResponseHandler"/> (bounded in time by the attempt timeout and in size by
/// the source's MaxResponseBytes); the handler chain is called through an invoker, so nothing else buffers it.
/// </summary>
public static class UpstreamHttp
{
    /// <summary>The product token every upstream request carries.</summary>
    public const string UserAgent = "TaskGateway/1.0";

    /// <summary>GETs a JSON resource.</summary>
    public static async Task<T> GetJsonAsync<T>(
        SourceConnection source,
        UpstreamCall call,
        string pathAndQuery,
        JsonTypeInfo<T> typeInfo,
        string? projectId,
        IReadOnlyList<KeyValuePair<string, string>>? headers,
        CancellationToken cancellationToken)
    {
        using var request = CreateRequest(source, call, pathAndQuery, projectId, headers);
        using var invoker = source.CreateInvoker(call.Purpose);
        HttpResponseMessage response;
        try
        {
            response = await invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (UpstreamSendFailure.IsMapped(e, cancellationToken))
        {
            throw UpstreamSendFailure.Map(e, source.Alias);
        }

        using (response)
        {
            // Without the bounded handler (a client built elsewhere) the body is read here, unbounded only in time.
            var body = response.Content is BoundedContent bounded
                ? bounded.Body
                : (ReadOnlyMemory<byte>)await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return Read(source, call, response, body.Span, typeInfo);
        }
    }

    private static HttpRequestMessage CreateRequest(
        SourceConnection source,
        UpstreamCall call,
        string pathAndQuery,
        string? projectId,
        IReadOnlyList<KeyValuePair<string, string>>? headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, source.Uri(pathAndQuery));
        // Stored as written, not parsed into a header value object on every call.
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        if (projectId is not null)
        {
            request.Options.Set(UpstreamRequestOptions.ProjectId, projectId);
        }

        if (call.CallerToken is not null)
        {
            request.Options.Set(UpstreamRequestOptions.CallerToken, call.CallerToken);
            request.Options.Set(UpstreamRequestOptions.CredentialScope, call.CredentialScope!);
        }

        if (headers is not null)
        {
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    // A redirect or a refusal is an UpstreamException with what the backend said; a success is its deserialized body.
    private static T Read<T>(SourceConnection source, UpstreamCall call, HttpResponseMessage response, ReadOnlySpan<byte> body, JsonTypeInfo<T> typeInfo)
    {
        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400)
        {
            throw new UpstreamException(UpstreamFailure.Redirect, source.Alias, "redirect", status);
        }

        if (!response.IsSuccessStatusCode)
        {
            var refused = UpstreamErrorReader.Read(source.Alias, response, body, source.Time.GetUtcNow(), source.ErrorBody);
            refused.CallerCredentials = call.CallerToken is not null;
            throw refused;
        }

        try
        {
            return JsonSerializer.Deserialize(body, typeInfo)
                ?? throw new UpstreamException(UpstreamFailure.MalformedResponse, source.Alias, "empty body", status);
        }
        catch (JsonException e)
        {
            throw new UpstreamException(UpstreamFailure.MalformedResponse, source.Alias, "malformed JSON", status,
                requestId: response.Headers.TryGetValues("X-Request-Id", out var ids) ? ids.FirstOrDefault() : null, inner: e);
        }
    }
}
