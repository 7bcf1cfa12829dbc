using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Polly.Timeout;
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
        using var request = new HttpRequestMessage(HttpMethod.Get, source.Uri(pathAndQuery));
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

        using var invoker = source.CreateInvoker(call.Purpose);
        HttpResponseMessage response;
        try
        {
            response = await invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (UpstreamResponseTooLargeException e)
        {
            throw new UpstreamException(UpstreamFailure.ResponseTooLarge, source.Alias, "response too large", inner: e) { ResponseLimitBytes = e.LimitBytes };
        }
        catch (Exception e) when (e is TimeoutRejectedException or TaskCanceledException or TimeoutException)
        {
            throw new UpstreamException(UpstreamFailure.Timeout, source.Alias, "timeout", inner: e);
        }
        catch (HttpRequestException e)
        {
            throw new UpstreamException(UpstreamFailure.Transport, source.Alias, "transport", inner: e);
        }
        catch (Polly.CircuitBreaker.BrokenCircuitException e)
        {
            throw new UpstreamException(UpstreamFailure.CircuitOpen, source.Alias, "circuit open", retryAfter: e.RetryAfter, inner: e);
        }
        catch (Polly.RateLimiting.RateLimiterRejectedException e)
        {
            throw new UpstreamException(UpstreamFailure.ConcurrencyLimit, source.Alias, "concurrency limit", retryAfter: e.RetryAfter, inner: e);
        }

        using (response)
        {
            // Without the bounded handler (a client built elsewhere) the body is read here, unbounded only in time.
            var body = response.Content is BoundedContent bounded
                ? bounded.Body
                : (ReadOnlyMemory<byte>)await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400)
            {
                throw new UpstreamException(UpstreamFailure.Redirect, source.Alias, "redirect", status);
            }

            if (!response.IsSuccessStatusCode)
            {
                var refused = UpstreamErrorReader.Read(source.Alias, response, body.Span, source.Time.GetUtcNow(), source.ErrorBody);
                refused.CallerCredentials = call.CallerToken is not null;
                throw refused;
            }

            try
            {
                return JsonSerializer.Deserialize(body.Span, typeInfo)
                    ?? throw new UpstreamException(UpstreamFailure.MalformedResponse, source.Alias, "empty body", status);
            }
            catch (JsonException e)
            {
                throw new UpstreamException(UpstreamFailure.MalformedResponse, source.Alias, "malformed JSON", status,
                    requestId: response.Headers.TryGetValues("X-Request-Id", out var ids) ? ids.FirstOrDefault() : null, inner: e);
            }
        }
    }
}
