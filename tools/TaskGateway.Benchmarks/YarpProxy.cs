using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace TaskGateway.Benchmarks;

/// <summary>
/// The anchor S1 is compared with: a plain YARP reverse proxy, as shipped, that takes the gateway's REST route for a
/// task and forwards it to the same upstream. Its only configuration is what any proxy in front of the vendor needs
/// to answer the same call: the path rewritten to the vendor's and the vendor's token set, so that the load generator
/// sends it exactly the request it sends the gateway's REST route. It translates nothing: the vendor's JSON passes
/// through as it is. What the gateway costs beyond it is the price of translation and its features.
/// </summary>
internal static class YarpProxy
{
    public static async Task<int> RunAsync(Uri upstream)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // The gateway logs at Warning and above as shipped; a proxy logging every request would measure its console.
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1));
        RouteConfig[] routes =
        [
            new()
            {
                RouteId = "task",
                ClusterId = "upstream",
                Match = new RouteMatch { Path = "/v1/sources/iot/projects/{project}/instances/{instance}/tasks/{task}" },
                Transforms =
                [
                    new Dictionary<string, string> { ["PathPattern"] = "/v5/iot/{project}/iotda-instances/{instance}/tasks/{task}" },
                    new Dictionary<string, string> { ["RequestHeader"] = "X-Auth-Token", ["Set"] = MinimalUpstream.Token },
                ],
            },
        ];
        ClusterConfig[] clusters =
        [
            new()
            {
                ClusterId = "upstream",
                Destinations = new Dictionary<string, DestinationConfig> { ["upstream"] = new() { Address = upstream.ToString() } },
            },
        ];
        builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);
        var app = builder.Build();
        app.MapReverseProxy();
        await app.StartAsync().ConfigureAwait(false);
        Console.WriteLine($"yarp listening on {app.Urls.First()}");
        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }
}
