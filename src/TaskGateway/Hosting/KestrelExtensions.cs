using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace TaskGateway.Hosting;

/// <summary>Two cleartext endpoints: h2c for gRPC and HTTP/1.1 for REST, since one cleartext port cannot negotiate both.</summary>
internal static class KestrelExtensions
{
    public static WebApplicationBuilder AddTaskGatewayEndpoints(this WebApplicationBuilder builder)
    {
        var hosting = builder.Configuration.GetSection(HostingOptions.SectionName).Get<HostingOptions>() ?? new HostingOptions();
        if (!IPAddress.TryParse(hosting.Address, out var address))
        {
            throw new InvalidOperationException($"{HostingOptions.SectionName}:Address: '{hosting.Address}' is not an IP address.");
        }

        builder.Services.AddSingleton(hosting);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(address, hosting.GrpcPort, o => o.Protocols = HttpProtocols.Http2);
            kestrel.Listen(address, hosting.RestPort, o => o.Protocols = HttpProtocols.Http1);
        });
        return builder;
    }
}
