using System.Globalization;
using Microsoft.AspNetCore.Http;
using TaskGateway.Sandbox.Data;

namespace TaskGateway.Sandbox.Middleware;

/// <summary>
/// POST /_sandbox/advance?contains=TEXT: moves every on-demand CloudDC instance whose id contains the text (for example
/// <c>cdc-step-</c>, or <c>cdc-step-03</c>) one step on, and answers how many moved and the step each is now at. Tests
/// of several processes use it to make a change at the moment they choose (after a failover, while Redis is away) and
/// then wait until every watcher has seen it. Like <see cref="RequestCountMiddleware"/> it is answered before the
/// vendor imitation, neither logged nor authenticated, on the sandbox's loopback listener only.
/// </summary>
internal sealed class AdvanceMiddleware(RequestDelegate next, SandboxData data, SandboxSteps steps)
{
    public const string Path = "/_sandbox/advance";

    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.Equals(Path, StringComparison.Ordinal))
        {
            return next(context);
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return Task.CompletedTask;
        }

        var contains = context.Request.Query["contains"].ToString();
        var moved = data.CloudDcInstances
            .Where(i => i.OnDemand && i.Id.Contains(contains, StringComparison.Ordinal))
            .Select(i => string.Create(CultureInfo.InvariantCulture, $$"""{"id":"{{i.Id}}","step":{{Math.Min(steps.Advance(i.Id), i.Timeline.Steps.Count - 1)}}}"""))
            .ToList();
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $$"""{"advanced":{{moved.Count}},"instances":[{{string.Join(',', moved)}}]}"""));
    }
}
