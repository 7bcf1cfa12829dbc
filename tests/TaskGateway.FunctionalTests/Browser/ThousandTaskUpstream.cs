using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace TaskGateway.FunctionalTests.Browser;

/// <summary>
/// A test-owned Astra on loopback whose one account holds <see cref="Count"/> tasks: the task list as the backend
/// reads it (GET /accounts/{account}/core/v1/tasks?limit&amp;continue, items and metadata.continue / count), in pages
/// of the asked limit, and a problem+json 404 for anything else.
/// </summary>
internal static class ThousandTaskUpstream
{
    public const int Count = 1000;
    public const string Account = "0c0ffee0-1d3b-4e5f-9a7c-2b4d6e8f0a1c";
    public const string Alias = "bulk";
    public const string Parent = $"sources/{Alias}/accounts/{Account}/tasks";

    private static readonly string[] States = ["completed", "running", "failed", "notStarted"];
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public static Task<MisbehavingUpstream> StartAsync() => MisbehavingUpstream.StartAsync(AnswerAsync);

    /// <summary>Gateway settings for the upstream as source <see cref="Alias"/>, with room for every page.</summary>
    public static void Configure(Dictionary<string, string?> settings, MisbehavingUpstream upstream)
    {
        settings[$"TaskGateway:Sources:{Alias}:Kind"] = "AstraTask";
        settings[$"TaskGateway:Sources:{Alias}:Endpoint"] = upstream.Endpoint;
        settings[$"TaskGateway:Sources:{Alias}:Auth:Scheme"] = "Bearer";
        settings[$"TaskGateway:Sources:{Alias}:Auth:Token"] = "bulk-test-token-not-a-secret";
        settings[$"TaskGateway:Sources:{Alias}:MaxRetries"] = "0";
        settings["TaskGateway:Watch:MaxCollectionPages"] = "20";
    }

    private static async Task AnswerAsync(HttpContext context)
    {
        if (context.Request.Path != $"/accounts/{Account}/core/v1/tasks")
        {
            context.Response.StatusCode = 404;
            context.Response.ContentType = "application/problem+json";
            await context.Response.WriteAsync("{\"type\":\"https://astra.netapp.io/problems/2\",\"title\":\"Resource not found\",\"status\":\"404\"}");
            return;
        }

        var limit = int.Parse(context.Request.Query["limit"].ToString(), CultureInfo.InvariantCulture);
        var from = context.Request.Query["continue"].ToString() is { Length: > 0 } c ? int.Parse(c, CultureInfo.InvariantCulture) : 0;
        var to = Math.Min(Count, from + limit);
        var items = new JsonArray();
        for (var i = from; i < to; i++)
        {
            items.Add(Task(i));
        }

        var body = new JsonObject
        {
            ["items"] = items,
            ["metadata"] = new JsonObject { ["continue"] = to < Count ? to.ToString(CultureInfo.InvariantCulture) : string.Empty, ["count"] = Count },
        };
        context.Response.ContentType = "application/astra-tasks+json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private static JsonObject Task(int i)
    {
        var state = States[i % States.Length];
        var created = Start.AddMinutes(-i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["type"] = "application/astra-task",
            ["version"] = "1.1",
            ["id"] = $"00000000-0000-4000-8000-{i:x12}",
            ["name"] = "astra.core.backup.create",
            ["summary"] = $"bulk task {i}",
            ["state"] = state,
            ["percentDone"] = state switch { "completed" => 100, "running" => i % 100, _ => 0 },
            ["metadata"] = new JsonObject { ["creationTimestamp"] = created, ["modificationTimestamp"] = created },
        };
    }
}
