using System.Threading.RateLimiting;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using TaskGateway.Core.Errors;
using TaskGateway.Logging;

namespace TaskGateway.Security;

/// <summary>
/// Guards every gRPC method of every kind (unary, server, client and bidirectional streaming), and so every
/// transcoded REST route, before it runs: the caller must be authenticated when authentication is configured
/// (unless the method's endpoint was opened to anonymous callers, see TaskGateway:Callers:Anonymous), stay within
/// its call rate, its calls in flight, and its open streams. The authorization fallback policy refuses
/// unauthenticated callers before this runs; this check stays as a second line for any gRPC method.
/// Refusals are statuses with ErrorInfo: UNAUTHENTICATED, or RESOURCE_EXHAUSTED with RetryInfo, which gRPC
/// clients do not retry blindly as they would UNAVAILABLE.
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

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        using var slot = Admit(context, Hold.CallInFlight);
        return await continuation(request, context).ConfigureAwait(false);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var slot = Admit(context, Hold.Stream);
        await continuation(request, responseStream, context).ConfigureAwait(false);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var slot = Admit(context, Hold.CallInFlight);
        return await continuation(requestStream, context).ConfigureAwait(false);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var slot = Admit(context, Hold.CallInFlight);
        await continuation(requestStream, responseStream, context).ConfigureAwait(false);
    }

    private enum Hold
    {
        /// <summary>Unary, client and bidirectional streaming calls: counted by MaxCallsInFlight.</summary>
        CallInFlight,

        /// <summary>Server streams (watches, health watches): counted by MaxWatchStreams, which bounds their memory.</summary>
        Stream,
    }

    // Health checks are probes: neither rate limited nor counted in flight, so a caller's own load never fails its
    // probes. Health watches are streams like any other and count against the stream cap.
    private static bool IsHealth(ServerCallContext context) => context.Method.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal);

    /// <summary>Checks the caller and returns the slot it holds until the call ends (none for health checks).</summary>
    private RateLimitLease? Admit(ServerCallContext context, Hold hold)
    {
        var http = context.GetHttpContext();
        var opened = http.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null;
        if (_options.AuthenticationEnabled && !opened && http.User.Identity?.IsAuthenticated != true)
        {
            throw ErrorMapper.Map(CallerRefusals.Unauthenticated(_options));
        }

        var health = IsHealth(context);
        if (health && hold == Hold.CallInFlight)
        {
            return null;
        }

        var caller = CallerIdentity.Of(http);
        if (_limits.LimitsCalls && !health)
        {
            using var lease = _limits.AcquireCall(caller);
            if (!lease.IsAcquired)
            {
                Log.CallerLimited(_logger, caller, "calls");
                var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
                throw ErrorMapper.Map(CallerRefusals.RateLimited(_options, retry));
            }
        }

        var slot = hold == Hold.Stream ? _limits.AcquireWatch(caller) : _limits.AcquireInFlight(caller);
        if (!slot.IsAcquired)
        {
            slot.Dispose();
            Log.CallerLimited(_logger, caller, hold == Hold.Stream ? "watch streams" : "calls in flight");
            throw ErrorMapper.Map(hold == Hold.Stream ? CallerRefusals.TooManyWatches(_options) : CallerRefusals.TooManyCallsInFlight(_options));
        }

        return slot;
    }
}
