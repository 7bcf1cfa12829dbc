using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace TaskGateway.Sandbox.Middleware;

/// <summary>
/// GET /_sandbox/requests?contains=TEXT: how many requests reached the sandbox, and how many of their targets contain a
/// text. It lets tests and scripts that run the sandbox as its own process count upstream calls; it is answered before
/// the vendor imitation, so it is neither logged nor authenticated, and the sandbox listens on loopback only.
/// </summary>
internal sealed class RequestCountMiddleware(RequestDelegate next, SandboxRequestLog log)
{
    public const string Path = "/_sandbox/requests";

    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.Equals(Path, StringComparison.Ordinal))
        {
            return next(context);
        }

        var contains = context.Request.Query["contains"].ToString();
        var matching = contains.Length == 0 ? log.Count : log.CountContaining(contains);
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $$"""{"count":{{log.Count}},"matching":{{matching}}}"""));
    }
}
