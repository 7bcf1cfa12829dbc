using TaskGateway.WebConsole;
using TaskGateway.Probes;
using TaskGateway.ScaleOut;
using TaskGateway.Security;

namespace TaskGateway.Hosting;

/// <summary>The one call that wires the gateway, used by Program and by the functional tests alike.</summary>
public static class TaskGatewayExtensions
{
    /// <summary>Adds endpoints, the sandbox (when unconfigured), sources and the gRPC surface.</summary>
    public static WebApplicationBuilder AddTaskGateway(this WebApplicationBuilder builder, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton<GatewayAddresses>();
        return builder
            .AddTaskGatewaySecrets()
            .AddTaskGatewayEndpoints()
            .AddTaskGatewaySecurity()
            .AddTaskGatewayGrants()
            .AddTaskGatewayTelemetry()
            .AddTaskGatewaySandbox(time)
            .AddTaskGatewaySources()
            .AddTaskGatewayPageTokens()
            .AddTaskGatewayScaleOut()
            .AddTaskGatewayWatch()
            .AddTaskGatewayEvents()
            .AddTaskGatewayGrpc()
            .AddTaskGatewayConsole()
            .AddTaskGatewayHealth();
    }

    /// <summary>Maps the gRPC service, reflection and health.</summary>
    public static WebApplication UseTaskGateway(this WebApplication app) => app.MapTaskGateway();
}
