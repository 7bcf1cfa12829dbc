using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Health.V1;
using Grpc.Reflection;

namespace TaskGateway.Hosting;

/// <summary>
/// Server reflection (v1 and v1alpha) over the gateway's services plus google/rpc/error_details.proto: task
/// errors and error statuses carry ErrorInfo, RetryInfo and BadRequest inside google.protobuf.Any, and tools
/// such as buf curl and grpcurl can only print those when reflection can resolve their types.
/// </summary>
internal static class ReflectionExtensions
{
    private static readonly string[] Services =
    [
        Contracts.V1.TaskService.Descriptor.FullName,
        Health.Descriptor.FullName,
        Grpc.Reflection.V1.ServerReflection.Descriptor.FullName,
        Grpc.Reflection.V1Alpha.ServerReflection.Descriptor.FullName,
    ];

    public static IServiceCollection AddTaskGatewayReflection(this IServiceCollection services)
    {
        var registry = SymbolRegistry.FromFiles(
        [
            Contracts.V1.TaskService.Descriptor.File,
            ErrorDetailsReflection.Descriptor,
            Health.Descriptor.File,
            Grpc.Reflection.V1.ServerReflection.Descriptor.File,
            Grpc.Reflection.V1Alpha.ServerReflection.Descriptor.File,
        ]);

        // AddGrpcReflection only adds its own implementations when none is registered.
        services.AddSingleton(new ReflectionServiceImpl(Services, registry));
        services.AddSingleton(new ReflectionV1ServiceImpl(Services, registry));
        services.AddGrpcReflection();
        return services;
    }
}
