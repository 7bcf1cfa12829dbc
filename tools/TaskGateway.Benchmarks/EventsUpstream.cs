using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TaskGateway.Benchmarks;

/// <summary>
/// The upstream of the push benchmark: IoTDA's instance task GET for any id, RUNNING until POST /_finish, SUCCESS
/// (done) after it, so that every subscribed task matches at one moment the benchmark chooses; POST /_finish?task=ID
/// turns one task done.
/// </summary>
internal static class EventsUpstream
{
    public static async Task<int> RunAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        var start = DateTimeOffset.UtcNow;
        var finished = 0;
        var finishedTasks = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        // POST /_finish turns every task done; POST /_finish?task=ID only that one.
        app.MapPost("/_finish", (string? task) =>
        {
            if (task is null)
            {
                Volatile.Write(ref finished, 1);
            }
            else
            {
                finishedTasks[task] = true;
            }

            return Results.NoContent();
        });
        app.MapGet("/v5/iot/{project}/iotda-instances/{instance}/tasks/{task}", (HttpContext http, string task) =>
        {
            if (http.Request.Headers["X-Auth-Token"] != MinimalUpstream.Token)
            {
                return Results.StatusCode(401);
            }

            var done = Volatile.Read(ref finished) == 1 || finishedTasks.ContainsKey(task);
            return Results.Text(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["task_id"] = task,
                ["type"] = "MODIFY",
                ["status"] = done ? "SUCCESS" : "RUNNING",
                ["progress"] = done ? 100 : 50,
                ["create_time"] = start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["start_time"] = start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            }), "application/json");
        });

        await app.StartAsync().ConfigureAwait(false);
        Console.WriteLine($"events upstream listening on {app.Urls.First()}");
        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }
}
