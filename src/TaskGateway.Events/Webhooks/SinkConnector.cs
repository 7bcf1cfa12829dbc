using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace TaskGateway.Events.Webhooks;

/// <summary>
/// The sender's ConnectCallback: it resolves the sink's host itself and applies the address policy to what it
/// connects to, so a name that passed at creation and now points at a refused address is refused at this
/// connection (DNS rebinding), not only at creation.
/// </summary>
internal sealed class SinkConnector(SinkAddressPolicy policy, IHostResolver resolver, ILogger logger)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var addresses = await ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        var allowed = addresses.Where(address => policy.Permits(host, address)).ToList();
        if (allowed.Count == 0)
        {
            var refused = addresses[0];
            var kind = SinkAddressPolicy.Classify(refused) ?? "a refused";
            WebhookLog.AddressRefused(logger, host, refused.ToString(), kind);
            // The error reaches the subscription's last_delivery: the kind of address, not the address (the log has it).
            throw new SinkConnectException($"the sink's host resolves to {kind} address, and is not in {SinkAddressPolicy.AllowedHostsSetting}");
        }

        SocketException? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }

    private async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return [literal];
        }

        IPAddress[] addresses;
        try
        {
            addresses = await resolver.ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            throw new SinkConnectException("the sink's host does not resolve");
        }

        return addresses.Length > 0 ? addresses : throw new SinkConnectException("the sink's host does not resolve");
    }
}
