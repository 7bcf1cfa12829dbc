using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TaskGateway.Tests.Events.Webhooks;

/// <summary>A real Kestrel receiver on 127.0.0.1 and a free port: records every request, answers as the test says per path.</summary>
internal sealed class LoopbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _answers = new(StringComparer.Ordinal);

    private LoopbackReceiver(WebApplication app) => _app = app;

    /// <summary>What reached the receiver, in order.</summary>
    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>Set when a request has been read in full, before it is answered.</summary>
    public TaskCompletionSource<ReceivedRequest> Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Port { get; private set; }

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    /// <summary>How to answer a path; unset paths answer 204.</summary>
    public LoopbackReceiver On(string path, Func<HttpContext, Task> answer)
    {
        _answers[path] = answer;
        return this;
    }

    public LoopbackReceiver On(string path, int status) => On(path, context =>
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    });

    public static async Task<LoopbackReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new LoopbackReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.Port = new Uri(app.Urls.Single()).Port;
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = new HeaderDictionary();
        foreach (var (name, value) in context.Request.Headers)
        {
            headers[name] = value;
        }

        var received = new ReceivedRequest(context.Request.Method, context.Request.Path, headers, body.ToArray());
        Requests.Enqueue(received);
        Arrived.TrySetResult(received);
        var answer = _answers.TryGetValue(context.Request.Path, out var found) ? found : (c => { c.Response.StatusCode = 204; return Task.CompletedTask; });
        await answer(context);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
