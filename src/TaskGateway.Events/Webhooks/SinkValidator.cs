using System.Net;
using System.Net.Sockets;

namespace TaskGateway.Events.Webhooks;

/// <summary>
/// The check at creation: the address policy on the URI, then the host's addresses as they resolve now (every one
/// must be acceptable). The sender checks again at every connection, since a name can point elsewhere later.
/// </summary>
internal sealed class SinkValidator(SinkAddressPolicy policy, IHostResolver resolver) : ISinkValidator
{
    public async Task<string?> ValidateAsync(string uri, CancellationToken cancellationToken)
    {
        if (policy.CheckUri(uri) is { } problem)
        {
            return problem;
        }

        var host = new Uri(uri, UriKind.Absolute).IdnHost;
        if (policy.IsAllowlisted(host) || IPAddress.TryParse(host.Trim('[', ']'), out _))
        {
            return null; // an allowlisted host may resolve anywhere; a literal was checked by CheckUri
        }

        IPAddress[] addresses;
        try
        {
            addresses = await resolver.ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return $"has host {host}, which does not resolve";
        }

        if (addresses.Length == 0)
        {
            return $"has host {host}, which does not resolve";
        }

        var refused = addresses.FirstOrDefault(address => !policy.Permits(host, address));
        return refused is null ? null : SinkAddressPolicy.Refusal(host, refused);
    }
}
