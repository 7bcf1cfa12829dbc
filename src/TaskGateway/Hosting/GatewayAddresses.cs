using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace TaskGateway.Hosting;

/// <summary>The bound addresses once the server runs (ports may have been 0): gRPC first, REST second, as they were declared.</summary>
public sealed class GatewayAddresses
{
    private readonly IServer _server;

    /// <summary>Creates the accessor.</summary>
    public GatewayAddresses(IServer server) => _server = server;

    /// <summary>The gRPC (h2c) base address.</summary>
    public Uri Grpc => new(Addresses[0]);

    /// <summary>The REST base address.</summary>
    public Uri Rest => new(Addresses[1]);

    private IReadOnlyList<string> Addresses => [.. _server.Features.Get<IServerAddressesFeature>()!.Addresses];
}
