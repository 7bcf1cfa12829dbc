using System.Net;
using Microsoft.Extensions.Options;
using TaskGateway.Logging;

namespace TaskGateway.Security;

/// <summary>
/// With no caller authentication (and no AllowUnauthenticatedRemote) the gateway serves this machine only, and
/// "this machine" must hold for every request, not only for the listening address: a web page in a browser on this
/// machine can reach loopback through a DNS name it controls (DNS rebinding), so a request must also name a
/// loopback host (Host, or :authority over HTTP/2): localhost, 127.0.0.0/8 or [::1]. Names under .localhost are
/// refused too, since not every resolver keeps them on this machine. It must also come from a loopback address,
/// which closes the moment between a listener beyond loopback being bound and the start-up check refusing it.
/// Runs first, before authentication, routing to a service or any upstream call.
/// </summary>
internal sealed class LocalOnlyMiddleware
{
    private readonly RequestDelegate _next;
    private readonly bool _localOnly;
    private readonly ILogger<LocalOnlyMiddleware> _logger;

    public LocalOnlyMiddleware(RequestDelegate next, IOptions<CallerOptions> options, ILogger<LocalOnlyMiddleware> logger)
    {
        _next = next;
        _localOnly = options.Value.LocalOnly;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (!_localOnly || (IsLoopbackHost(context.Request.Host) && IsLoopback(context.Connection.RemoteIpAddress)))
        {
            return _next(context);
        }

        // The host is the caller's text: logged, but never more than a name's worth of it.
        var host = context.Request.Host.Host;
        Log.NotLoopbackRefused(_logger, host.Length > 255 ? host[..255] : host, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return RefusalWriter.WriteAsync(context, CallerRefusals.HostNotLoopback(), StatusCodes.Status421MisdirectedRequest);
    }

    /// <summary>
    /// <see cref="IsLoopbackHost(string?)"/> on a request's Host header. The usual loopback spellings are matched on the
    /// header's text as sent, without the host substring and the parsed address every call would otherwise allocate.
    /// </summary>
    internal static bool IsLoopbackHost(HostString host)
    {
        var value = host.Value.AsSpan();
        var end = value.StartsWith('[') ? value.IndexOf(']') + 1 : value.LastIndexOf(':');
        var name = end > 0 ? value[..end] : value;
        return name is "127.0.0.1" or "[::1]" || name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IsLoopbackHost(host.Host);
    }

    /// <summary>localhost, or a loopback IP literal (IPv6 in brackets); the port does not matter.</summary>
    internal static bool IsLoopbackHost(string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return false;
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return IPAddress.TryParse(literal, out var address) && (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) == host.StartsWith('[') && IsLoopback(address);
    }

    internal static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
