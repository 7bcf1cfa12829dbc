using Grpc.Core;
using Grpc.Core.Interceptors;

namespace TaskGateway.Client;

/// <summary>
/// Adds x-api-key to every call when a key is given (and nothing otherwise); an interceptor rather than call
/// credentials, which gRPC sends only over TLS while the gateway also serves h2c.
/// </summary>
public sealed class ApiKeyInterceptor : Interceptor
{
    private readonly string? _key;

    /// <summary>Creates the interceptor; a null or empty key leaves calls as they are.</summary>
    public ApiKeyInterceptor(string? key) => _key = key is { Length: > 0 } ? key : null;

    /// <inheritdoc/>
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithKey(context));

    /// <inheritdoc/>
    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithKey(context));

    private ClientInterceptorContext<TRequest, TResponse> WithKey<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class
    {
        if (_key is null)
        {
            return context;
        }

        var headers = context.Options.Headers ?? [];
        headers.Add("x-api-key", _key);
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
    }
}
