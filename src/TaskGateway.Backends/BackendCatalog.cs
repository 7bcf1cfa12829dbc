using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TaskGateway.Backends.AstraTasks;
using TaskGateway.Backends.CloudDcInstanceStatus;
using TaskGateway.Backends.DmsScheduledTasks;
using TaskGateway.Backends.IotdaExportTasks;
using TaskGateway.Backends.IotdaInstanceTasks;
using TaskGateway.Core.Sources;

namespace TaskGateway.Backends;

/// <summary>The backend kinds this gateway ships: the one list a new backend is added to.</summary>
public static class BackendCatalog
{
    /// <summary>Every shipped kind, in the order ListSources' documentation gives them.</summary>
    public static IReadOnlyList<BackendKind> All { get; } =
    [
        IotdaInstanceTaskKind.Registration,
        DmsScheduledTaskKind.Registration,
        IotdaExportTaskKind.Registration,
        AstraTaskKind.Registration,
        CloudDcInstanceStatusKind.Registration,
    ];

    /// <summary>Registers the shipped kinds (more may be registered beside them, each as a BackendKind singleton).</summary>
    public static IServiceCollection AddTaskGatewayBackends(this IServiceCollection services)
    {
        foreach (var kind in All)
        {
            services.AddSingleton(kind);
        }

        services.TryAddSingleton(sp => new BackendKinds(sp.GetServices<BackendKind>()));
        return services;
    }
}
