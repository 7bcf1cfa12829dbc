using System.Net;

namespace TaskGateway.Events.Webhooks;

/// <summary>Resolves a sink's host name to its addresses; a seam so that tests can say where a name points.</summary>
internal interface IHostResolver
{
    /// <summary>The host's addresses; throws (a <see cref="System.Net.Sockets.SocketException"/> from DNS) when it does not resolve.</summary>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}
