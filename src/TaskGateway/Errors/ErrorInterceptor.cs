using Grpc.Core;
using Grpc.Core.Interceptors;
using TaskGateway.Core.Errors;
using TaskGateway.Logging;
using TaskGateway.Services;

namespace TaskGateway.Errors;

/// <summary>
/// Turns every failure of a gRPC method (and so of its transcoded REST route) into a google.rpc.Status
/// through ErrorMapper: no UNKNOWN, no stack trace, and a log line with the upstream request id.
/// </summary>
internal sealed class ErrorInterceptor : Interceptor
{
    private readonly ILogger<ErrorInterceptor> _logger;
    private readonly GatewayCounters _counters;

    public ErrorInterceptor(ILogger<ErrorInterceptor> logger, GatewayCounters counters)
    {
        _logger = logger;
        _counters = counters;
    }

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    private RpcException Map(Exception e, ServerCallContext context)
    {
        switch (e)
        {
            case RequestValidationException invalid:
                Log.Refused(_logger, context.Method, invalid.Message);
                return ErrorMapper.Map(invalid);
            case GatewayException gateway:
                return ErrorMapper.Map(gateway);
            case UpstreamException { Failure: UpstreamFailure.HttpStatus, HttpStatus: 404 or 410 } missing:
                // Not a failure of the source: it says there is no such task. Callers asking for made-up ids (by mistake
                // or in a loop) would flood a Warning log, so it is counted and logged at Debug only.
                _counters.NotFound(missing.SourceAlias);
                Log.UpstreamNotFound(_logger, missing.SourceAlias, missing.HttpStatus, missing.ErrorCode, missing.RequestId);
                return ErrorMapper.Map(missing);
            case UpstreamException upstream:
                Log.UpstreamFailed(_logger, upstream.SourceAlias, upstream.Failure.ToString(), upstream.HttpStatus, upstream.ErrorCode, upstream.RequestId);
                if (upstream.Failure == UpstreamFailure.HttpStatus && !ErrorMapper.ShowsUpstreamText(upstream))
                {
                    Log.UpstreamTextWithheld(_logger, upstream.SourceAlias, upstream.HttpStatus, upstream.ErrorCode, upstream.RequestId, UpstreamText.ForLog(upstream.Message));
                }

                return ErrorMapper.Map(upstream);
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                // gRPC deadlines run on the system clock, whatever clock the gateway's own timers use.
                return context.Deadline <= TimeProvider.System.GetUtcNow().UtcDateTime
                    ? new RpcException(new Status(StatusCode.DeadlineExceeded, "The call's deadline passed."))
                    : new RpcException(new Status(StatusCode.Cancelled, "The caller cancelled the call."));
            default:
                Log.Unexpected(_logger, e, context.Method);
                return ErrorMapper.MapUnexpected();
        }
    }
}
