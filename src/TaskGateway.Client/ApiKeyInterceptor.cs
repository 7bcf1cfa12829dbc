using Grpc.Core;
using Grpc.Core.Interceptors;

namespace TaskGateway.Client;

/// <summary>Adds x-api-key to every call; an interceptor rather than call credentials, which gRPC sends only over TLS.</summary>
internal sealed class ApiKeyInterceptor : Interceptor
{
    private readonly string _key;

    public ApiKeyInterceptor(string key) => _key = key;

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithKey(context));

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithKey(context));

    private ClientInterceptorContext<TRequest, TResponse> WithKey<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class
    {
        var headers = context.Options.Headers ?? [];
        headers.Add("x-api-key", _key);
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
    }
}
