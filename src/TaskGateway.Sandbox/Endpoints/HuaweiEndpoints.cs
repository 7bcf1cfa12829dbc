using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TaskGateway.Sandbox.Data;

namespace TaskGateway.Sandbox.Endpoints;

/// <summary>The four Huawei Cloud APIs, with their documented paths, queries, limits and quirks.</summary>
internal static class HuaweiEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v5/iot/{project}/iotda-instances/{instance}/tasks/{task}", GetInstanceTask);
        app.MapGet("/v5/iot/{project}/iotda-instances/{instance}/tasks", ListInstanceTasks);
        app.MapGet("/v2/{project}/instances/{instance}/scheduled-tasks", ListScheduledTasks);
        app.MapGet("/v5/iot/{project}/export-tasks", ListExportTasks);
        app.MapGet("/v1/{project}/instances/{id}/status", GetInstanceStatus);
    }

    private static IResult GetInstanceTask(HttpContext context, string project, string instance, string task, SandboxData data, SandboxClock clock)
    {
        if (project != SandboxIds.Project || instance != SandboxIds.IotdaInstance)
        {
            return VendorErrors.Huawei(context, 404, "IOTDA.014000", "The IoTDA instance does not exist.");
        }

        var seed = data.IotdaInstanceTasks.FirstOrDefault(t => t.Id == task);
        return seed is null
            ? VendorErrors.Huawei(context, 404, "IOTDA.014016", "The instance task does not exist.")
            : Json(seed.ToJson(clock, listItem: false));
    }

    private static IResult ListInstanceTasks(HttpContext context, string project, string instance, SandboxData data, SandboxClock clock)
    {
        if (project != SandboxIds.Project || instance != SandboxIds.IotdaInstance)
        {
            return VendorErrors.Huawei(context, 404, "IOTDA.014000", "The IoTDA instance does not exist.");
        }

        if (!TryInt(context, "limit", 10, 1, 20, out var limit) || !TryInt(context, "offset", 0, 0, 500, out var offset))
        {
            return VendorErrors.Huawei(context, 400, "IOTDA.000006", "Invalid input data: limit must be 1 to 20 and offset 0 to 500.");
        }

        IEnumerable<IotdaInstanceTaskSeed> tasks = data.IotdaInstanceTasks;
        var marker = context.Request.Query["marker"].ToString();
        if (marker.Length > 0)
        {
            var index = data.IotdaInstanceTasks.ToList().FindIndex(t => t.Id == marker);
            if (index < 0)
            {
                return VendorErrors.Huawei(context, 400, "IOTDA.000006", "Invalid input data: unknown marker.");
            }

            tasks = tasks.Skip(index + 1);
        }

        var page = tasks.Skip(offset).Take(limit).ToList();
        var body = new JsonObject
        {
            ["tasks"] = new JsonArray([.. page.Select(t => (JsonNode)t.ToJson(clock, listItem: true))]),
            ["page"] = new JsonObject { ["count"] = data.IotdaInstanceTasks.Count, ["marker"] = page.LastOrDefault()?.Id },
        };
        return Json(body);
    }

    private static IResult ListScheduledTasks(HttpContext context, string project, string instance, SandboxData data, SandboxClock clock)
    {
        if (project != SandboxIds.Project || instance != SandboxIds.DmsInstance)
        {
            return VendorErrors.Huawei(context, 404, "DMS.00404022", "The instance does not exist.");
        }

        if (!TryInt(context, "start", 0, 0, int.MaxValue, out var start) || !TryInt(context, "limit", 10, 1, 100, out var limit))
        {
            return VendorErrors.Huawei(context, 400, "DMS.00400002", "Invalid parameter: start must be >= 0 and limit 1 to 100.");
        }

        var begin = context.Request.Query["begin_time"].ToString();
        var end = context.Request.Query["end_time"].ToString();
        DateTimeOffset from = DateTimeOffset.MinValue, to = DateTimeOffset.MaxValue;
        if ((begin.Length > 0 && !WireTime.TryParseDms(begin, out from)) || (end.Length > 0 && !WireTime.TryParseDms(end, out to)))
        {
            return VendorErrors.Huawei(context, 400, "DMS.00400002", "Invalid parameter: begin_time and end_time are YYYYMMDDHHmmss.");
        }

        var matching = data.DmsScheduledTasks.Where(t => t.Created(clock) >= from && t.Created(clock) <= to).ToList();
        var page = matching.Skip(start).Take(limit).ToList();

        // Documented as a string, sent as a number by newer backends: the sandbox sends both, by page.
        JsonNode count = (start / limit) % 2 == 0
            ? JsonValue.Create(matching.Count)
            : JsonValue.Create(matching.Count.ToString(CultureInfo.InvariantCulture));
        return Json(new JsonObject
        {
            ["job_count"] = count,
            ["jobs"] = new JsonArray([.. page.Select(t => (JsonNode)t.ToJson(clock))]),
        });
    }

    private static IResult ListExportTasks(HttpContext context, string project, SandboxData data, SandboxClock clock)
    {
        if (project != SandboxIds.Project)
        {
            return VendorErrors.Huawei(context, 403, "IOTDA.000004", "The project is not authorized.");
        }

        if (context.Request.Query["resource_type"].ToString() != "BatchTask")
        {
            return VendorErrors.Huawei(context, 400, "IOTDA.000006", "Invalid input data: resource_type is required and must be BatchTask.");
        }

        if (!TryInt(context, "limit", 10, 1, 50, out var limit) || !TryInt(context, "offset", 0, 0, 500, out var offset))
        {
            return VendorErrors.Huawei(context, 400, "IOTDA.000006", "Invalid input data: limit must be 1 to 50 and offset 0 to 500.");
        }

        var marker = context.Request.Query["marker"].ToString();
        if (marker.Length == 0)
        {
            marker = "ffffffffffffffffffffffff";
        }
        else if (marker.Length != 24 || !marker.All(char.IsAsciiHexDigit))
        {
            return VendorErrors.Huawei(context, 400, "IOTDA.000006", "Invalid input data: marker must be 24 hexadecimal characters.");
        }

        var matching = data.ExportTasks.Where(t => string.CompareOrdinal(t.Id, marker) < 0).ToList();
        var page = matching.Skip(offset).Take(limit).ToList();
        return Json(new JsonObject
        {
            ["export_tasks"] = new JsonArray([.. page.Select(t => (JsonNode)t.ToJson(clock))]),
            ["page"] = new JsonObject { ["count"] = data.ExportTasks.Count, ["marker"] = page.LastOrDefault()?.Id },
        });
    }

    private static IResult GetInstanceStatus(HttpContext context, string project, string id, SandboxData data, SandboxClock clock, SandboxSteps steps)
    {
        var seed = project == SandboxIds.Project ? data.CloudDcInstances.FirstOrDefault(i => i.Id == id) : null;
        return seed is null
            ? VendorErrors.Huawei(context, 404, "CLOUDDC.0404", "The instance does not exist.")
            : Json(seed.ToJson(clock, steps));
    }

    private static bool TryInt(HttpContext context, string name, int fallback, int min, int max, out int value)
    {
        var text = context.Request.Query[name].ToString();
        if (text.Length == 0)
        {
            value = fallback;
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }

    private static IResult Json(JsonNode body) => Results.Text(body.ToJsonString(), "application/json");
}
