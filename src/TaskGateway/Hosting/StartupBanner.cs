using TaskGateway.Core.Paging;
using TaskGateway.Core.Sources;
using TaskGateway.Logging;
using TaskGateway.Sandbox;
using TaskGateway.Security;

namespace TaskGateway.Hosting;

/// <summary>Tells the person who just ran the gateway how to call it, with names that work against the sandbox.</summary>
internal static class StartupBanner
{
    public static void Print(IServiceProvider services)
    {
        var addresses = services.GetRequiredService<GatewayAddresses>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("TaskGateway");
        var grpc = addresses.Grpc.ToString().TrimEnd('/');
        var rest = addresses.Rest.ToString().TrimEnd('/');
        var examples = services.GetService<SandboxServer>() is null
            ? string.Empty
            : $"\n  curl {rest}/v1/sources/iotda/projects/{SandboxIds.Project}/instances/{SandboxIds.IotdaInstance}/tasks/{SandboxIds.IotdaLiveTask}"
            + $"\n  buf curl --protocol grpc --http2-prior-knowledge {grpc}/taskgateway.v1.TaskService/ListTasks -d '{{\"parent\":\"sources/dms/projects/{SandboxIds.Project}/instances/{SandboxIds.DmsInstance}\",\"page_size\":5}}'";
        Log.Listening(logger, grpc, rest, examples);
        SecurityExtensions.LogExposure(services, logger);
        // Built now rather than on the first call, so configuration surprises (and the page token key warning) show at start.
        _ = services.GetRequiredService<SourceRegistry>();
        _ = services.GetRequiredService<PageTokenCodec>();
    }
}
