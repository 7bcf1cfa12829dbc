using Microsoft.Extensions.Primitives;

namespace TaskGateway.Streaming;

/// <summary>
/// Server-Sent Events for the transcoded watch routes, which ASP.NET's JSON transcoding only streams as
/// newline-delimited JSON. A GET to a ':watch' route whose Accept header asks for text/event-stream gets each
/// JSON line as an SSE event (id: the resume token, event: the event type, or error for a final
/// google.rpc.Status), and a Last-Event-ID header becomes the resume token, so EventSource reconnects resume.
/// </summary>
internal sealed class ServerSentEventsMiddleware
{
    private const string EventStream = "text/event-stream";
    private readonly RequestDelegate _next;

    public ServerSentEventsMiddleware(RequestDelegate next) => _next = next;

    // Every call passes through here: those that are not an SSE watch go on without an async state machine or an
    // enumerator of their Accept header.
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        return request.Path.Value?.EndsWith(":watch", StringComparison.Ordinal) == true && HttpMethods.IsGet(request.Method) && AcceptsEvents(request.Headers.Accept)
            ? ServeEventsAsync(context)
            : _next(context);
    }

    private static bool AcceptsEvents(StringValues accept)
    {
        foreach (var value in accept)
        {
            if (value?.Contains(EventStream, StringComparison.OrdinalIgnoreCase) == true)
            {
                return true;
            }
        }

        return false;
    }

    private async Task ServeEventsAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.TryGetValue("Last-Event-ID", out var lastEventId) && !StringValues.IsNullOrEmpty(lastEventId) && !request.Query.ContainsKey("resumeToken"))
        {
            request.QueryString = request.QueryString.Add("resumeToken", lastEventId.ToString());
        }

        var response = context.Response;
        var original = response.Body;
        await using var events = new ServerSentEventsStream(original, () => response.StatusCode == StatusCodes.Status200OK);
        response.Body = events;
        response.OnStarting(() =>
        {
            if (response.StatusCode == StatusCodes.Status200OK)
            {
                response.ContentType = EventStream;
                response.Headers.CacheControl = "no-cache";
                response.Headers["X-Accel-Buffering"] = "no";
            }

            return Task.CompletedTask;
        });

        try
        {
            await _next(context).ConfigureAwait(false);
            await events.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            response.Body = original;
        }
    }
}
