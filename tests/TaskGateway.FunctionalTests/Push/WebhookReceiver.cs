using System.Collections.Concurrent;
using System.Net;
using System.Text;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StandardWebhooks;

namespace TaskGateway.Push;

/// <summary>
/// A webhook endpoint as a subscriber would write one, on real loopback HTTP: every request's signature is checked with
/// the independent StandardWebhooks package (against the secret the subscription returned once) and its body parsed with
/// the CloudEvents SDK, structured or binary. It answers with <see cref="Answer"/> (200 unless a test changes it, with
/// <see cref="RetryAfter"/> when set) and keeps what it received. Shared by the functional and integration tests.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly ConcurrentDictionary<string, string> _secrets = new(StringComparer.Ordinal);

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>The status the next requests are answered with.</summary>
    public HttpStatusCode Answer { get; set; } = HttpStatusCode.OK;

    /// <summary>A Retry-After header (seconds) to answer with, if any.</summary>
    public string? RetryAfter { get; set; }

    /// <summary>Requests answered with 2xx whose signature verified and whose body parsed.</summary>
    public IReadOnlyList<Received> Delivered => [.. _received.Where(r => r.Verified && r.Status < 300)];

    /// <summary>Every request, whatever it was answered.</summary>
    public IReadOnlyList<Received> All => [.. _received];

    /// <summary>The sink URI for a path (one path per subscription, so each request knows its secret).</summary>
    public string UriFor(string path) => $"{Address}hooks/{path}";

    public string Address { get; private set; } = string.Empty;

    /// <summary>The secret the receiver verifies requests to this path with (CreateSubscription returned it once).</summary>
    public void Trust(string path, string secret) => _secrets[path] = secret;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks/{path}", (string path, HttpContext http) => receiver.ReceiveAsync(path, http));
        await app.StartAsync();
        receiver.Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/') + "/";
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<IResult> ReceiveAsync(string path, HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var verified = false;
        CloudEvent? cloudEvent = null;
        if (_secrets.TryGetValue(path, out var secret))
        {
            try
            {
                new StandardWebhook(secret).Verify(body, http.Request.Headers);
                verified = true;
            }
            catch (Exception e) when (e is StandardWebhooks.Diagnostics.WebhookVerificationException or FormatException or ArgumentException)
            {
                verified = false;
            }
        }

        var formatter = new JsonEventFormatter();
        var contentType = http.Request.ContentType ?? string.Empty;
        if (contentType.StartsWith("application/cloudevents+json", StringComparison.Ordinal))
        {
            cloudEvent = formatter.DecodeStructuredModeMessage(Encoding.UTF8.GetBytes(body), new System.Net.Mime.ContentType(contentType), extensionAttributes: null);
        }
        else if (http.Request.Headers.ContainsKey("ce-specversion"))
        {
            cloudEvent = Binary(http.Request.Headers, body, contentType);
        }

        if (RetryAfter is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = retryAfter;
        }

        var status = (int)Answer;
        _received.Enqueue(new Received(path, http.Request.Headers["webhook-id"].ToString(), verified, cloudEvent, body, status));
        return Results.StatusCode(status);
    }

    // Binary content mode: the attributes are ce-* headers, the body is the data (the SDK's ASP.NET Core binding lives in
    // a package of its own; the attributes are read the same way it does).
    private static CloudEvent Binary(IHeaderDictionary headers, string body, string contentType)
    {
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.FromVersionId(headers["ce-specversion"].ToString()) ?? CloudEventsSpecVersion.V1_0);
        foreach (var (key, value) in headers.Where(h => h.Key.StartsWith("ce-", StringComparison.OrdinalIgnoreCase)))
        {
            var attribute = key[3..].ToLowerInvariant();
            if (attribute != "specversion")
            {
                cloudEvent.SetAttributeFromString(attribute, value.ToString());
            }
        }

        cloudEvent.DataContentType = contentType;
        cloudEvent.Data = body;
        return cloudEvent;
    }

    /// <summary>One request as received.</summary>
    public sealed record Received(string Path, string WebhookId, bool Verified, CloudEvent? Event, string Body, int Status);
}
