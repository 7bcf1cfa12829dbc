using System.Buffers;
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
/// The upstream of every scenario: IoTDA's instance task GET (token auth), answered from memory, as lean as Kestrel
/// allows so that the figures measure the gateway. Task i changes (progress, status_detail) every ChangePeriod,
/// task i's changes offset by i / tasks of a period; status_detail carries the change's exact time so that a
/// watcher can measure its delivery delay. GET /_stats counts the task requests served.
/// </summary>
internal static class MinimalUpstream
{
    public const string Token = "benchmark-upstream-token";
    public const string Project = "0b7e5d1c2a3f4e6d8c9b0a1f2e3d4c5b";
    public const string Instance = "4f3e2d1c-0b9a-4876-a5b4-c3d2e1f0a9b8";
    public const int Tasks = 100;

    public static string TaskId(int i) => $"{i:x8}-0000-4000-8000-000000000000";

    public static async Task<int> RunAsync(TimeSpan changePeriod)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        var start = DateTimeOffset.UtcNow;
        long served = 0;

        app.MapGet("/_stats", () => Results.Text(Interlocked.Read(ref served).ToString(CultureInfo.InvariantCulture)));
        app.MapGet("/v5/iot/{project}/iotda-instances/{instance}/tasks/{task}", async (HttpContext http, string task) =>
        {
            Interlocked.Increment(ref served);
            if (http.Request.Headers["X-Auth-Token"] != Token)
            {
                http.Response.StatusCode = 401;
                return;
            }

            var index = int.Parse(task.AsSpan(0, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture) % Tasks;
            var offset = changePeriod * index / Tasks;
            var k = Math.Max(0, (long)Math.Floor((DateTimeOffset.UtcNow - start - offset) / changePeriod));
            var changed = start + offset + changePeriod * k;

            http.Response.ContentType = "application/json";
            var buffer = new ArrayBufferWriter<byte>(512);
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("task_id", task);
                json.WriteString("type", "MODIFY");
                json.WriteString("status", "RUNNING");
                json.WriteString("status_detail", "changed " + changed.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                json.WriteNumber("progress", k % 100);
                json.WriteString("create_time", start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                json.WriteString("start_time", start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                json.WriteEndObject();
            }

            http.Response.ContentLength = buffer.WrittenCount;
            await http.Response.Body.WriteAsync(buffer.WrittenMemory).ConfigureAwait(false);
        });

        await app.StartAsync().ConfigureAwait(false);
        var address = app.Urls.First();
        Console.WriteLine($"upstream listening on {address}");
        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }
}
