using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace TaskGateway.Sandbox.Endpoints;

/// <summary>Error bodies as the vendors send them.</summary>
internal static class VendorErrors
{
    /// <summary>Huawei: {"error_code","error_msg"} (plus request_id when the API gateway itself answers).</summary>
    public static IResult Huawei(HttpContext context, int status, string code, string message, bool fromApiGateway = false)
    {
        var body = new JsonObject { ["error_code"] = code, ["error_msg"] = message };
        if (fromApiGateway)
        {
            body["request_id"] = context.TraceIdentifier;
        }

        return Results.Text(body.ToJsonString(), "application/json", statusCode: status);
    }

    /// <summary>Astra: application/problem+json whose status is a string.</summary>
    public static IResult Astra(HttpContext context, int status, int problemType, string title, string detail, JsonArray? invalidParams = null)
    {
        var body = new JsonObject
        {
            ["type"] = $"https://astra.netapp.io/problems/{problemType}",
            ["title"] = title,
            ["detail"] = detail,
            ["status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["correlationID"] = context.TraceIdentifier,
        };
        if (invalidParams is not null)
        {
            body["invalidParams"] = invalidParams;
        }

        return Results.Text(body.ToJsonString(), "application/problem+json", statusCode: status);
    }

    public static bool IsAstra(PathString path) => path.StartsWithSegments("/accounts", StringComparison.Ordinal);
}
