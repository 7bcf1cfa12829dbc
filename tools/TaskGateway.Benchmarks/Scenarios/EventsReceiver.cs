using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace TaskGateway.Benchmarks.Scenarios;

/// <summary>
/// The webhook endpoint of the push benchmark, lean: it keeps, per event id, when it arrived and the event's own time
/// (when the gateway observed the match), and answers 204.
/// </summary>
internal sealed class EventsReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EventsReceiver(WebApplication app) => _app = app;

    public ConcurrentDictionary<string, (DateTimeOffset Received, DateTimeOffset Observed)> Events { get; } = new(StringComparer.Ordinal);

    public long Requests;

    public string Uri { get; private set; } = string.Empty;

    public static async Task<EventsReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        var receiver = new EventsReceiver(app);
        app.MapPost("/hook", async (HttpContext http) =>
        {
            var received = DateTimeOffset.UtcNow;
            Interlocked.Increment(ref receiver.Requests);
            using var json = await JsonDocument.ParseAsync(http.Request.Body).ConfigureAwait(false);
            var id = json.RootElement.GetProperty("id").GetString()!;
            var observed = json.RootElement.GetProperty("time").GetDateTimeOffset();
            receiver.Events.TryAdd(id, (received, observed));
            return Results.NoContent();
        });
        await app.StartAsync().ConfigureAwait(false);
        receiver.Uri = app.Urls.First().TrimEnd('/') + "/hook";
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
