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

        // Read when the server is created (WebApplicationBuilder.Build), before start-up validates TaskGateway:Hosting
        // with every other section. Invalid settings leave the server without listeners rather than throw here
        // alone: start-up then fails reporting them (and an address beyond loopback without caller authentication,
        // ExposureRule) with every other problem.
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<HostingOptions>>((kestrel, options) =>
        {
            kestrel.AddServerHeader = false;

            // Request bodies are capped per message by gRPC (GrpcExtensions.MaxRequestBytes, RESOURCE_EXHAUSTED);
            // a Kestrel body cap would reset the stream first and callers would see UNKNOWN.
            kestrel.Limits.MaxRequestHeadersTotalSize = MaxRequestHeaderBytes;
            if (ValidHosting(options) is { } hosting)
            {
                var address = IPAddress.Parse(hosting.Address);
                kestrel.Listen(address, hosting.GrpcPort, o => o.Protocols = HttpProtocols.Http2);
                kestrel.Listen(address, hosting.RestPort, o => o.Protocols = HttpProtocols.Http1);
            }
        });
        return builder;
    }

    private static HostingOptions? ValidHosting(IOptions<HostingOptions> options)
    {
        try
        {
            return options.Value;
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }
}
