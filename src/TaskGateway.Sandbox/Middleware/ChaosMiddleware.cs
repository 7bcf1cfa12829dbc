using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using TaskGateway.Sandbox.Data;
using TaskGateway.Sandbox.Endpoints;

namespace TaskGateway.Sandbox.Middleware;

/// <summary>
/// Logs each request, then applies the knobs: queued faults first, then latency, 429 bursts and the error
/// rate. 429 bodies are vendor-shaped: a Huawei API gateway error, a bare string for CloudDC (as its page
/// documents), and problem+json for Astra.
/// </summary>
internal sealed class ChaosMiddleware
{
    private readonly RequestDelegate _next;
    private readonly SandboxOptions _options;
    private readonly SandboxFaults _faults;
    private readonly SandboxRequestLog _log;
    private readonly SandboxClock _clock;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private int _requests;
    private int _burstLeft;

    public ChaosMiddleware(RequestDelegate next, SandboxOptions options, SandboxFaults faults, SandboxRequestLog log, SandboxClock clock)
    {
        _next = next;
        _options = options;
        _faults = faults;
        _log = log;
        _clock = clock;
        _random = new Random(options.Seed);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? string.Empty;
        _log.Add(target, context.Request.Headers["traceparent"].ToString());
        context.Response.Headers["X-Request-Id"] = context.TraceIdentifier;

        if (_faults.TryTake(target, out var fault))
        {
            await ApplyAsync(context, fault).ConfigureAwait(false);
            return;
        }

        if (_options.Latency > TimeSpan.Zero)
        {
            await Task.Delay(_options.Latency, _clock.Time, context.RequestAborted).ConfigureAwait(false);
        }

        bool throttle, fail;
        lock (_gate)
        {
            _requests++;
            if (_options.ThrottleEvery > 0 && _requests % _options.ThrottleEvery == 0)
            {
                _burstLeft = _options.ThrottleBurst;
            }

            throttle = _burstLeft > 0;
            if (throttle)
            {
                _burstLeft--;
            }

            fail = !throttle && _options.ErrorRate > 0 && _random.NextDouble() < _options.ErrorRate;
        }

        if (throttle)
        {
            if (_options.ThrottleRetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await Throttled(context).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (fail)
        {
            var result = VendorErrors.IsAstra(context.Request.Path)
                ? VendorErrors.Astra(context, 503, 24, "Service unavailable", "The service is temporarily unavailable.")
                : VendorErrors.Huawei(context, 500, "SYS.0500", "Internal server error.");
            await result.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await _next(context).ConfigureAwait(false);
    }

    private static IResult Throttled(HttpContext context)
    {
        var path = context.Request.Path;
        if (VendorErrors.IsAstra(path))
        {
            return VendorErrors.Astra(context, 429, 37, "Too many requests", "The request rate limit was exceeded.");
        }

        if (path.Value?.EndsWith("/status", StringComparison.Ordinal) == true)
        {
            return Results.Text("Too Many Requests", "text/plain", statusCode: 429);
        }

        return VendorErrors.Huawei(context, 429, "APIG.0308", "The request is throttled.", fromApiGateway: true);
    }

    private async Task ApplyAsync(HttpContext context, SandboxFault fault)
    {
        if (fault.Delay > TimeSpan.Zero)
        {
            try
            {
                // Counted once the delay's timer exists, so a test on a fake clock knows when advancing it counts.
                var wait = Task.Delay(fault.Delay, _clock.Time, context.RequestAborted);
                _log.MarkDelaying();
                await wait.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                _log.MarkAborted();
                return;
            }
        }

        if (fault.PassThrough)
        {
            await _next(context).ConfigureAwait(false);
            return;
        }

        if (fault.Abort)
        {
            context.Abort();
            return;
        }

        if (fault.RetryAfter is { } retry)
        {
            context.Response.Headers.RetryAfter = ((int)retry.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Response.StatusCode = fault.Status;
        if (fault.Body is { } body)
        {
            context.Response.ContentType = fault.ContentType;
            await context.Response.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
