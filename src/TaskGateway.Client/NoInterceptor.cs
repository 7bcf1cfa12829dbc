using Grpc.Core.Interceptors;

namespace TaskGateway.Client;

/// <summary>Stands in for the API key interceptor when no key is configured.</summary>
internal sealed class NoInterceptor : Interceptor;
