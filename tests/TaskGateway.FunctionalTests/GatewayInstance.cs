using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TaskGateway.Contracts.V1;
using TaskGateway.Hosting;
using TaskGateway.Sandbox;

namespace TaskGateway.FunctionalTests;

/// <summary>
/// A running gateway on free loopback ports, wired to a sandbox of its own as configured sources (as in
/// production), or to the embedded sandbox when started with no sources.
/// </summary>
public sealed class GatewayInstance : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SandboxServer? _ownSandbox;

    private GatewayInstance(WebApplication app, SandboxServer sandbox, SandboxServer? ownSandbox)
    {
        _app = app;
        _ownSandbox = ownSandbox;
        Sandbox = sandbox;
        var addresses = app.Services.GetRequiredService<GatewayAddresses>();
        GrpcAddress = addresses.Grpc;
        Channel = GrpcChannel.ForAddress(addresses.Grpc);
        Client = new TaskService.TaskServiceClient(Channel);
        Rest = new HttpClient { BaseAddress = addresses.Rest };
    }

    public SandboxServer Sandbox { get; }

    public Uri GrpcAddress { get; }

    public GrpcChannel Channel { get; }

    public TaskService.TaskServiceClient Client { get; }

    public HttpClient Rest { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The watch engine's steps (polls, waits, snapshots), for tests that drive a fake clock.</summary>
    internal TaskGateway.Tests.Watch.CountingWatchObserver Watch => (TaskGateway.Tests.Watch.CountingWatchObserver)_app.Services.GetRequiredService<TaskGateway.Watch.IWatchProbe>();

    /// <summary>Starts a sandbox and a gateway configured with one source of each kind against it.</summary>
    public static async Task<GatewayInstance> StartWithSourcesAsync(TimeProvider? time = null, Action<Dictionary<string, string?>>? configure = null, ILoggerProvider? logs = null,
        Action<IServiceCollection>? services = null)
    {
        time ??= TimeProvider.System;
        var sandbox = await SandboxServer.StartAsync(new SandboxOptions(), time);
        var settings = sandbox.SourceConfiguration().ToDictionary(kv => "TaskGateway:Sources:" + kv.Key, kv => kv.Value);
        foreach (var alias in SandboxServer.Aliases)
        {
            // Errors are asserted one request at a time: no retries, so no backoff waits in tests.
            settings[$"TaskGateway:Sources:{alias}:MaxRetries"] = "0";
        }

        configure?.Invoke(settings);
        return await StartAsync(settings, time, sandbox, logs, services: services);
    }

    /// <summary>
    /// Starts a gateway with no sources in an environment (Development, as `dotnet run` sets it, by default), so it
    /// embeds its own sandbox where that environment or <paramref name="sandboxEnabled"/> allows one.
    /// </summary>
    public static Task<GatewayInstance> StartEmbeddedAsync(TimeProvider? time = null, string environment = "Development", bool? sandboxEnabled = null)
    {
        var settings = new Dictionary<string, string?>();
        if (sandboxEnabled is { } enabled)
        {
            settings["TaskGateway:Sandbox:Enabled"] = enabled ? "true" : "false";
        }

        return StartAsync(settings, time ?? TimeProvider.System, null, null, environment);
    }

    private static async Task<GatewayInstance> StartAsync(Dictionary<string, string?> settings, TimeProvider time, SandboxServer? ownSandbox, ILoggerProvider? logs, string environment = "Testing",
        Action<IServiceCollection>? services = null)
    {
        settings["TaskGateway:Hosting:GrpcPort"] = "0";
        settings["TaskGateway:Hosting:RestPort"] = "0";
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Trace);

            // appsettings.json (copied into the test output) raises categories to Information or Warning, and a
            // category rule wins over the minimum level; a rule of the provider's own wins over both.
            builder.Logging.Services.Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(logs.GetType().FullName, null, LogLevel.Trace, null)));
        }
        builder.Services.AddSingleton<TaskGateway.Watch.IWatchProbe>(new TaskGateway.Tests.Watch.CountingWatchObserver());
        builder.AddTaskGateway(time);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseTaskGateway();
        await app.StartAsync();
        var sandbox = ownSandbox ?? app.Services.GetRequiredService<SandboxServer>();
        return new GatewayInstance(app, sandbox, ownSandbox);
    }

    /// <summary>Stops the gateway the way a host shutdown does, leaving the clients open.</summary>
    public Task StopServerAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Rest.Dispose();
        Channel.Dispose();
        await _app.StopAsync();

        // Polly's pipeline registry waits for executions still in flight (a cancelled upstream call unwinding) with
        // Task.Delay on the injected clock: a test's frozen FakeTimeProvider would hold disposal forever. The test is
        // over, so move that clock until disposal is done.
        var fake = _app.Services.GetService<TimeProvider>() as FakeTimeProvider;
        var disposing = _app.DisposeAsync().AsTask();
        if (fake is not null)
        {
            await ConditionWait.StepUntilDoneAsync(disposing, () => fake.Advance(TimeSpan.FromSeconds(1)), "the gateway's disposal", TimeSpan.FromSeconds(60));
        }

        await disposing;
        if (_ownSandbox is not null)
        {
            await _ownSandbox.DisposeAsync();
        }
    }
}
