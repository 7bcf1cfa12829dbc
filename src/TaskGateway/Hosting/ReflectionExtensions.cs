using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Health.V1;
using Grpc.Reflection;

namespace TaskGateway.Hosting;

/// <summary>
/// Server reflection (v1 and v1alpha) that shows users the contract's comments, and that can resolve the types
/// packed into google.protobuf.Any (ErrorInfo, RetryInfo, BadRequest) so tools such as buf curl and grpcurl
/// print them. The contract's descriptors come from the descriptor set the contract project builds with source
/// info, since the generated C# descriptors carry no comments.
/// </summary>
internal static class ReflectionExtensions
{
    private const string DescriptorSetResource = "taskgateway.protoset";

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
            .. ContractFilesWithComments(),
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

    /// <summary>The contract's files, built from the embedded descriptor set (with comments).</summary>
    internal static IReadOnlyList<FileDescriptor> ContractFilesWithComments()
    {
        using var stream = typeof(Contracts.V1.CloudTask).Assembly.GetManifestResourceStream(DescriptorSetResource)
            ?? throw new InvalidOperationException($"The contract assembly has no {DescriptorSetResource} resource.");
        var set = FileDescriptorSet.Parser.ParseFrom(stream);

        // protoc writes dependencies before the files that import them, as BuildFromByteStrings needs.
        return FileDescriptor.BuildFromByteStrings(set.File.Select(f => f.ToByteString()));
    }
}
