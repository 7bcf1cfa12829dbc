using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace TaskGateway.Hosting;

/// <summary>The bound addresses once the server runs (ports may have been 0): gRPC first, REST second, as they were declared.</summary>
public sealed class GatewayAddresses
{
    private readonly IServer _server;
    private int _restPort;

    /// <summary>Creates the accessor.</summary>
    public GatewayAddresses(IServer server) => _server = server;

    /// <summary>The gRPC (h2c) base address.</summary>
    public Uri Grpc => new(Addresses[0]);

    /// <summary>The REST base address.</summary>
    public Uri Rest => new(Addresses[1]);

    /// <summary>
    /// Whether a request came in on the REST port: what /metrics, /openapi.json and the console answer on alone. The
    /// port is read once (it is fixed once the server listens), not parsed into a new Uri on every request.
    /// </summary>
    public bool IsRest(HttpContext http)
    {
        var port = _restPort;
        if (port == 0)
        {
            port = _restPort = Rest.Port;
        }

        return http.Connection.LocalPort == port;
    }

    private IReadOnlyList<string> Addresses => [.. _server.Features.Get<IServerAddressesFeature>()!.Addresses];
}
