using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TaskGateway.Sandbox.Data;

namespace TaskGateway.Sandbox.Endpoints;

/// <summary>The Astra Control task API: GET one task, and the list with limit (a string of digits) and continue.</summary>
internal static class AstraEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/accounts/{account}/core/v1/tasks/{task}", Get);
        app.MapGet("/accounts/{account}/core/v1/tasks", List);
    }

    private static IResult Get(HttpContext context, string account, string task, SandboxData data, SandboxClock clock)
    {
        var seed = account == SandboxIds.AstraAccount ? data.AstraTasks.FirstOrDefault(t => t.Id == task) : null;
        if (seed is null)
        {
            return VendorErrors.Astra(context, 404, 2, "Resource not found", "The requested resource was not found.");
        }

        return Results.Text(seed.ToJson(clock, account).ToJsonString(), "application/astra-task+json");
    }

    private static IResult List(HttpContext context, string account, SandboxData data, SandboxClock clock)
    {
        if (account != SandboxIds.AstraAccount)
        {
            return VendorErrors.Astra(context, 404, 2, "Resource not found", "The requested account was not found.");
        }

        var limitText = context.Request.Query["limit"].ToString();
        var limit = 100;
        if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1))
        {
            return VendorErrors.Astra(context, 400, 7, "Invalid query parameters", "The supplied query parameters are invalid.",
                new JsonArray(new JsonObject { ["name"] = "limit", ["reason"] = "must be a string of digits greater than 0" }));
        }

        var offset = 0;
        var continueToken = context.Request.Query["continue"].ToString();
        if (continueToken.Length > 0 && !TryDecode(continueToken, out offset))
        {
            return VendorErrors.Astra(context, 400, 7, "Invalid query parameters", "The supplied query parameters are invalid.",
                new JsonArray(new JsonObject { ["name"] = "continue", ["reason"] = "is not a continue token this service issued" }));
        }

        var page = data.AstraTasks.Skip(offset).Take(limit).ToList();
        var next = offset + page.Count;
        var metadata = new JsonObject { ["count"] = data.AstraTasks.Count };
        if (next < data.AstraTasks.Count)
        {
            metadata["continue"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("offset:" + next.ToString(CultureInfo.InvariantCulture)));
        }

        var body = new JsonObject
        {
            ["items"] = new JsonArray([.. page.Select(t => (JsonNode)t.ToJson(clock, account))]),
            ["metadata"] = metadata,
        };
        return Results.Text(body.ToJsonString(), "application/json");
    }

    private static bool TryDecode(string token, out int offset)
    {
        offset = 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.StartsWith("offset:", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
