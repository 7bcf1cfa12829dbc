using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using TaskGateway.Security;

namespace TaskGateway.Hosting;

/// <summary>Two cleartext endpoints: h2c for gRPC and HTTP/1.1 for REST, since one cleartext port cannot negotiate both.</summary>
internal static class KestrelExtensions
{
    /// <summary>
    /// All request headers together: half Kestrel's default. Names, filters, tokens and a JWT fit many times over;
    /// a caller sending more is not using the API.
    /// </summary>
    public const int MaxRequestHeaderBytes = 16 * 1024;

    public static WebApplicationBuilder AddTaskGatewayEndpoints(this WebApplicationBuilder builder)
    {
        var hosting = builder.Configuration.GetSection(HostingOptions.SectionName).Get<HostingOptions>() ?? new HostingOptions();
        if (!IPAddress.TryParse(hosting.Address, out var address))
        {
            throw new GatewayConfigurationException($"{HostingOptions.SectionName}:Address: '{hosting.Address}' is not an IP address.");
        }

        SecurityExtensions.EnsureSafeExposure(builder.Configuration, address);
        builder.Services.AddSingleton(hosting);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // Request bodies are capped per message by gRPC (GrpcExtensions.MaxRequestBytes, RESOURCE_EXHAUSTED);
            // a Kestrel body cap would reset the stream first and callers would see UNKNOWN.
            kestrel.Limits.MaxRequestHeadersTotalSize = MaxRequestHeaderBytes;
            kestrel.Listen(address, hosting.GrpcPort, o => o.Protocols = HttpProtocols.Http2);
            kestrel.Listen(address, hosting.RestPort, o => o.Protocols = HttpProtocols.Http1);
        });
        return builder;
    }
}
