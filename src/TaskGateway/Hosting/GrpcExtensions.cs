using Google.Protobuf.Reflection;
using Google.Rpc;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using TaskGateway.WebConsole;
using TaskGateway.Documentation;
using TaskGateway.Errors;
using TaskGateway.Probes;
using TaskGateway.Security;
using TaskGateway.Services;

namespace TaskGateway.Hosting;

/// <summary>The gRPC surface: the service, JSON transcoding, reflection (v1 and v1alpha) and grpc.health.v1.</summary>
internal static class GrpcExtensions
{
    public const int MaxRequestBytes = 64 * 1024;

    public static WebApplicationBuilder AddTaskGatewayGrpc(this WebApplicationBuilder builder)
    {
        builder.Services.AddGrpc(o =>
        {
            // Order matters: errors outermost, so the guard's refusals become statuses with ErrorInfo too.
            o.Interceptors.Add<ErrorInterceptor>();
            o.Interceptors.Add<CallerGuardInterceptor>();
            o.EnableDetailedErrors = false;
            o.MaxReceiveMessageSize = MaxRequestBytes;
        }).AddJsonTranscoding(o =>
        {
            o.JsonSettings.RemoveEnumPrefix = true;
            // Error details are google.protobuf.Any: the JSON writer must know their types.
            o.TypeRegistry = TypeRegistry.FromMessages(ErrorInfo.Descriptor, BadRequest.Descriptor, RetryInfo.Descriptor);
        });
        // The service and its interceptors hold only singletons: resolved once from the container instead of built by
        // an activator on every call (gRPC asks the container first and constructs only what it does not find).
        builder.Services.AddSingleton<TaskService>();
        builder.Services.AddSingleton<ErrorInterceptor>();
        builder.Services.AddSingleton<CallerGuardInterceptor>();
        builder.Services.AddSingleton<CallerTokens>();
        builder.Services.AddTaskGatewaySharedFetches();
        builder.Services.AddTaskGatewayReflection();
        return builder;
    }

    public static WebApplication MapTaskGateway(this WebApplication app)
    {
        // Each surface's TaskGateway:Callers:Anonymous switch is read when the endpoints are built (the first
        // request), through IOptions<CallerOptions>: invalid caller settings are reported with every other problem
        // when the host starts (ValidateOnStart), not alone here.
        app.UseTaskGatewayCallerBoundary();
        app.UseTaskGatewayCallerAuthorization();
        app.UseMiddleware<Streaming.ServerSentEventsMiddleware>();
        app.MapTaskGatewayTelemetry(a => a.Metrics);
        app.MapGrpcService<TaskService>();
        app.MapGrpcReflectionService().AllowAnonymousWhen(a => a.Reflection);
        app.MapTaskGatewayHealth(a => a.Health);
        app.MapTaskGatewayDocumentation(a => a.OpenApi);
        app.MapTaskGatewayConsole();
        app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app.Services));
        return app;
    }
}
