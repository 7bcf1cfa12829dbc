using System.Threading.RateLimiting;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;
using TaskGateway.Core.Errors;
using TaskGateway.Logging;

namespace TaskGateway.Security;

/// <summary>
/// Guards every gRPC method (and so its transcoded REST route) before it runs: the caller must be
/// authenticated when authentication is configured, stay within its call rate, and within its number of open
/// watch streams. Refusals are statuses with ErrorInfo: UNAUTHENTICATED, or RESOURCE_EXHAUSTED with RetryInfo,
/// which gRPC clients do not retry blindly as they would UNAVAILABLE. Health checks are never guarded, so
/// orchestrator probes need no credentials.
/// </summary>
internal sealed class CallerGuardInterceptor : Interceptor
{
    private readonly CallerOptions _options;
    private readonly CallerLimits _limits;
    private readonly ILogger<CallerGuardInterceptor> _logger;

    public CallerGuardInterceptor(IOptions<CallerOptions> options, CallerLimits limits, ILogger<CallerGuardInterceptor> logger)
    {
        _options = options.Value;
        _limits = limits;
        _logger = logger;
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (IsHealth(context))
        {
            return continuation(request, context);
        }

        Admit(context, needsIdentity: false);
        return continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (IsHealth(context))
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
            return;
        }

        var caller = Admit(context, needsIdentity: true)!;
        using var slot = _limits.AcquireWatch(caller);
        if (!slot.IsAcquired)
        {
            Log.CallerLimited(_logger, caller, "watch streams");
            throw new GatewayException(StatusCode.ResourceExhausted, ErrorReasons.TooManyWatches,
                $"This caller already holds {_options.MaxWatchStreams} open watch streams; close one, or watch a collection with WatchTasks instead of many tasks.",
                new Dictionary<string, string> { ["limit"] = _options.MaxWatchStreams.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                TimeSpan.FromSeconds(1));
        }

        await continuation(request, responseStream, context).ConfigureAwait(false);
    }

    // Health is open to probes; reflection and the service need the caller's credentials like any call.
    private static bool IsHealth(ServerCallContext context) => context.Method.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal);

    // Returns the caller's identity, which per-caller limits are counted under; computed only when a limit needs it.
    private string? Admit(ServerCallContext context, bool needsIdentity)
    {
        var http = context.GetHttpContext();
        if (_options.AuthenticationEnabled && http.User.Identity?.IsAuthenticated != true)
        {
            throw new GatewayException(StatusCode.Unauthenticated, ErrorReasons.Unauthenticated,
                $"This gateway needs caller credentials: {Describe()}.");
        }

        if (!_limits.LimitsCalls)
        {
            return needsIdentity ? CallerIdentity.Of(http) : null;
        }

        var caller = CallerIdentity.Of(http);
        using var lease = _limits.AcquireCall(caller);
        if (!lease.IsAcquired)
        {
            Log.CallerLimited(_logger, caller, "calls");
            var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
            var rate = _options.RequestsPerSecond.GetValueOrDefault().ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new GatewayException(StatusCode.ResourceExhausted, ErrorReasons.RateLimited,
                $"This caller exceeded its rate of {rate} calls per second (bursts of {_options.EffectiveBurst}); retry after the suggested delay.",
                new Dictionary<string, string> { ["limit"] = rate },
                retry > TimeSpan.Zero ? retry : TimeSpan.FromSeconds(1));
        }

        return caller;
    }

    private string Describe() => (_options.ApiKeys.Count > 0, _options.Jwt.Enabled) switch
    {
        (true, true) => $"an API key in the {ApiKeyAuthenticationHandler.Header} header, or a JWT in Authorization: Bearer",
        (true, false) => $"an API key in the {ApiKeyAuthenticationHandler.Header} header",
        _ => "a JWT in Authorization: Bearer",
    };
}
