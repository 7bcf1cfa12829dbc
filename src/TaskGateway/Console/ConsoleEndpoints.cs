using System.Text.Json;
using TaskGateway.Hosting;

namespace TaskGateway.WebConsole;

/// <summary>What the console's routes answer: the shell or a file with its ETag, on the REST port only.</summary>
internal static class ConsoleEndpoints
{
    /// <summary>camelCase, as the REST API's own JSON.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// 404 on any port but REST's, and the security headers on every answer (a 404 or 304 included). The ports
    /// may have been 0, so the REST port is compared once the server runs rather than written into the route.
    /// </summary>
    public static ValueTask<object?> RestPortOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next, GatewayAddresses addresses)
    {
        var http = context.HttpContext;
        if (!addresses.IsRest(http))
        {
            return ValueTask.FromResult<object?>(Results.NotFound());
        }

        ConsoleHeaders.Apply(http.Response);
        return next(context);
    }

    /// <summary>Every /console page is the shell (the page routes on the client); /console/assets/... is only ever a file.</summary>
    public static IResult Page(HttpContext http, ConsoleAssets assets, string path) =>
        path.StartsWith("assets/", StringComparison.Ordinal) || path == "assets"
            ? Results.NotFound()
            : Serve(http, assets.Shell);

    /// <summary>A file with its ETag, revalidated on every use (Cache-Control: no-cache), so an upgraded gateway's page is never stale.</summary>
    public static IResult Serve(HttpContext http, ConsoleAsset asset)
    {
        var headers = http.Response.Headers;
        headers.ETag = asset.ETag;
        headers.CacheControl = "no-cache";
        foreach (var tag in http.Request.Headers.IfNoneMatch)
        {
            if (tag is not null && (tag == "*" || tag.Split(',').Any(t => t.Trim() == asset.ETag)))
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }
        }

        return Results.Bytes(asset.Content, asset.ContentType);
    }
}
