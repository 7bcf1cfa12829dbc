using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TaskGateway.Sandbox.Data;
using TaskGateway.Sandbox.Endpoints;
using TaskGateway.Sandbox.Middleware;

namespace TaskGateway.Sandbox;

/// <summary>
/// The embedded sandbox: a Kestrel server on loopback serving the five vendor APIs, with seeded tasks that
/// move through their states on the given clock.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SandboxServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Faults = app.Services.GetRequiredService<SandboxFaults>();
        Requests = app.Services.GetRequiredService<SandboxRequestLog>();
    }

    /// <summary>Where the sandbox listens, e.g. http://127.0.0.1:43117.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Queue faults here to make the next matching requests fail.</summary>
    public SandboxFaults Faults { get; }

    /// <summary>What reached the sandbox.</summary>
    public SandboxRequestLog Requests { get; }

    /// <summary>Starts the sandbox on 127.0.0.1.</summary>
    public static async Task<SandboxServer> StartAsync(SandboxOptions options, TimeProvider time, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Sandbox" });
        builder.Logging.ClearProviders();
        if (loggerFactory is not null)
        {
            builder.Services.AddSingleton(loggerFactory);
        }

        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port, l => l.Protocols = HttpProtocols.Http1));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(new SandboxClock(time));
        builder.Services.AddSingleton<SandboxData>();
        builder.Services.AddSingleton<SandboxSteps>();
        builder.Services.AddSingleton<SandboxFaults>();
        builder.Services.AddSingleton(new SandboxRequestLog(options.RequestLogCapacity));
        builder.Services.AddRouting();

        var app = builder.Build();
        app.UseMiddleware<RequestCountMiddleware>();
        app.UseMiddleware<AdvanceMiddleware>();
        app.UseMiddleware<ChaosMiddleware>();
        app.UseMiddleware<AuthMiddleware>();
        HuaweiEndpoints.Map(app);
        AstraEndpoints.Map(app);

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SandboxServer(app, new Uri(address));
    }

    /// <summary>The aliases of the sources <see cref="SourceConfiguration"/> configures, one per backend kind.</summary>
    public static IReadOnlyList<string> Aliases { get; } = ["iotda", "dms", "exports", "astra", "clouddc"];

    /// <summary>
    /// Gateway configuration for one source of each kind pointed at this sandbox, each with a different auth
    /// scheme so that every scheme is exercised: keys are relative to TaskGateway:Sources.
    /// </summary>
    public IReadOnlyDictionary<string, string?> SourceConfiguration() => SourceConfigurationFor(BaseAddress);

    /// <summary>The configuration of <see cref="SourceConfiguration"/> for a sandbox at an address.</summary>
    public static IReadOnlyDictionary<string, string?> SourceConfigurationFor(Uri baseAddress)
    {
        var endpoint = baseAddress.ToString().TrimEnd('/');
        var settings = new Dictionary<string, string?>
        {
            ["iotda:Kind"] = "IotdaInstanceTask",
            ["iotda:Endpoint"] = endpoint,
            ["iotda:Auth:Scheme"] = "AkSk",
            ["iotda:Auth:AccessKey"] = SandboxCredentials.AccessKey,
            ["iotda:Auth:SecretKey"] = SandboxCredentials.SecretKey,
            ["dms:Kind"] = "DmsScheduledTask",
            ["dms:Endpoint"] = endpoint,
            ["dms:Auth:Scheme"] = "Token",
            ["dms:Auth:Token"] = SandboxCredentials.HuaweiToken,
            ["exports:Kind"] = "IotdaExportTask",
            ["exports:Endpoint"] = endpoint,
            ["exports:Region"] = SandboxCredentials.Region,
            ["exports:InstanceId"] = SandboxIds.IotdaInstance,
            ["exports:Auth:Scheme"] = "AkSkDerived",
            ["exports:Auth:AccessKey"] = SandboxCredentials.AccessKey,
            ["exports:Auth:SecretKey"] = SandboxCredentials.SecretKey,
            ["astra:Kind"] = "AstraTask",
            ["astra:Endpoint"] = endpoint,
            ["astra:Auth:Scheme"] = "Bearer",
            ["astra:Auth:Token"] = SandboxCredentials.AstraToken,
            ["clouddc:Kind"] = "CloudDcInstanceStatus",
            ["clouddc:Endpoint"] = endpoint,
            ["clouddc:Auth:Scheme"] = "AkSk",
            ["clouddc:Auth:AccessKey"] = SandboxCredentials.AccessKey,
            ["clouddc:Auth:SecretKey"] = SandboxCredentials.SecretKey,
        };

        // Seeded tasks pass through their states within a minute, some states lasting only ten seconds: watches
        // poll the sandbox at 1 to 5 s so that none is missed (real sources default to 2 to 30 s).
        foreach (var alias in Aliases)
        {
            settings[alias + ":MinPollInterval"] = "00:00:01";
            settings[alias + ":MaxPollInterval"] = "00:00:05";
        }

        return settings;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
