using TaskGateway.Core.Sources;
using TaskGateway.Sandbox;

namespace TaskGateway.Hosting;

/// <summary>
/// With no TaskGateway:Sources configured, starts the embedded sandbox on loopback and configures one source of
/// each kind against it, so `dotnet run` shows the whole product with no cloud account: only in the Development
/// environment (launch settings set it for `dotnet run`) or with TaskGateway:Sandbox:Enabled=true. Anywhere else a
/// gateway without sources refuses to start (GatewayOptionsValidator says why): a mistyped variable in production
/// must not turn into demo data served to real callers. With sources configured, the sandbox stays off.
/// </summary>
internal static class SandboxExtensions
{
    public static WebApplicationBuilder AddTaskGatewaySandbox(this WebApplicationBuilder builder, TimeProvider time)
    {
        // The sandbox starts before the container exists: bound early, and not started with settings its validator
        // refuses (start-up then reports them with every other problem).
        var options = builder.BindEarly<SandboxOptions, SandboxOptionsValidator>(SandboxOptions.SectionName);
        var configured = OptionsRegistration.SourceAliases(builder.Configuration).Count > 0;
        if (configured || !(options.Enabled ?? builder.Environment.IsDevelopment()) || new SandboxOptionsValidator().Validate(null, options).Failed)
        {
            return builder;
        }

        // The gateway's configuration needs the sandbox's port, so the sandbox starts before the gateway is built.
        var sandbox = SandboxServer.StartAsync(options, time).GetAwaiter().GetResult();
        builder.Configuration.AddInMemoryCollection(sandbox.SourceConfiguration()
            .Select(kv => new KeyValuePair<string, string?>($"{GatewayOptions.SectionName}:Sources:{kv.Key}", kv.Value)));
        builder.Services.AddSingleton(sandbox);
        builder.Services.AddHostedService<SandboxLifetime>();
        return builder;
    }
}
