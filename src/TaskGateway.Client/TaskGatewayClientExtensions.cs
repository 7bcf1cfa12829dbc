using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Client;

/// <summary>Registers the TaskService client (through Grpc.Net.ClientFactory) and <see cref="TaskWaiter"/>.</summary>
public static class TaskGatewayClientExtensions
{
    /// <summary>Adds TaskService.TaskServiceClient and TaskWaiter, configured by <paramref name="configure"/>.</summary>
    public static IHttpClientBuilder AddTaskGatewayClient(this IServiceCollection services, Action<TaskGatewayClientOptions> configure)
    {
        services.AddOptions<TaskGatewayClientOptions>().Configure(configure);
        services.AddTransient(sp => new TaskWaiter(
            sp.GetRequiredService<TaskService.TaskServiceClient>(),
            sp.GetRequiredService<IOptions<TaskGatewayClientOptions>>().Value,
            sp.GetService<TimeProvider>()));
        return services
            .AddGrpcClient<TaskService.TaskServiceClient>((sp, o) => o.Address = sp.GetRequiredService<IOptions<TaskGatewayClientOptions>>().Value.Address)
            .AddInterceptor(sp => new ApiKeyInterceptor(sp.GetRequiredService<IOptions<TaskGatewayClientOptions>>().Value.ApiKey));
    }
}
