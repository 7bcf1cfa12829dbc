using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

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
        builder.Services.AddGatewayOptions<HostingOptions, HostingOptionsValidator>(builder.Configuration, HostingOptions.SectionName);

        // Read when the server is created, after start-up validated TaskGateway:Hosting (and refused an address
        // beyond loopback without caller authentication, ExposureRule) with every other section.
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<HostingOptions>>((kestrel, options) =>
        {
            var hosting = options.Value;
            var address = IPAddress.Parse(hosting.Address);
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
