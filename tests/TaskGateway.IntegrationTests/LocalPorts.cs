using System.Net;
using System.Net.Sockets;

namespace TaskGateway.IntegrationTests;

/// <summary>Free loopback ports, for servers that cannot report the port they bound (redis-server, a restarted one).</summary>
internal static class LocalPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
