using System.Net;
using System.Net.Sockets;
using TaskGateway.Events.Webhooks;

namespace TaskGateway.Tests.Events.Webhooks;

/// <summary>A resolver whose answers the test sets (and may change between calls); an unknown name does not resolve.</summary>
internal sealed class FakeHostResolver : IHostResolver
{
    private readonly Dictionary<string, IPAddress[]> _answers = new(StringComparer.OrdinalIgnoreCase);

    public List<string> Asked { get; } = [];

    public FakeHostResolver Answer(string host, params string[] addresses)
    {
        lock (_answers)
        {
            _answers[host] = addresses.Select(IPAddress.Parse).ToArray();
        }

        return this;
    }

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        lock (_answers)
        {
            Asked.Add(host);
            return _answers.TryGetValue(host, out var addresses)
                ? Task.FromResult(addresses)
                : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
        }
    }
}
