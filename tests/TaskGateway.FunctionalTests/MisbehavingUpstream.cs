using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TaskGateway.FunctionalTests;

/// <summary>
/// A backend that misbehaves on purpose, on a free loopback port: every request is answered by the test's handler
/// (a body that trickles, one far over the size limit, an HTML error page). It checks no signature.
/// </summary>
public sealed class MisbehavingUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private MisbehavingUpstream(WebApplication app) => _app = app;

    /// <summary>The base address to configure as a source's Endpoint.</summary>
    public string Endpoint => _app.Urls.First().TrimEnd('/');

    /// <summary>Requests received so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public static async Task<MisbehavingUpstream> StartAsync(Func<HttpContext, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var upstream = new MisbehavingUpstream(app);
        app.Run(context =>
        {
            Interlocked.Increment(ref upstream._requests);
            return handler(context);
        });
        await app.StartAsync();
        return upstream;
    }

    /// <summary>Writes the headers and the first bytes, then one more byte each time <paramref name="pace"/> completes, until the gateway hangs up.</summary>
    public static async Task TrickleAsync(HttpContext context, Func<CancellationToken, Task> pace)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        var token = context.RequestAborted;
        try
        {
            await context.Response.Body.WriteAsync("{\"state\":"u8.ToArray(), token);
            await context.Response.Body.FlushAsync(token);
            while (!token.IsCancellationRequested)
            {
                await pace(token);
                await context.Response.Body.WriteAsync(" "u8.ToArray(), token);
                await context.Response.Body.FlushAsync(token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
    }

    private static readonly byte[] Chunk = CreateChunk();

    /// <summary>Streams <paramref name="bytes"/> of JSON-looking text (chunked, no Content-Length) until done or the gateway hangs up.</summary>
    public static async Task StreamAsync(HttpContext context, long bytes)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        var token = context.RequestAborted;
        try
        {
            for (long sent = 0; sent < bytes && !token.IsCancellationRequested; sent += Chunk.Length)
            {
                await context.Response.Body.WriteAsync(Chunk, token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
    }

    private static byte[] CreateChunk()
    {
        var chunk = new byte[64 * 1024];
        chunk.AsSpan().Fill((byte)' ');
        chunk[0] = (byte)'[';
        return chunk;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
