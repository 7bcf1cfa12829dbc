using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace TaskGateway.Events.Webhooks;

/// <summary>
/// Which sinks the gateway may post to. A sink is an address the gateway's callers choose and the gateway then
/// connects to from inside its network, so without these rules a subscription would reach what only the gateway can
/// reach (cloud metadata, admin ports on loopback, the private network). Hosts listed in
/// TaskGateway:Events:AllowedSinkHosts are trusted as they are: http, and any address. Pure: no I/O.
/// </summary>
internal sealed class SinkAddressPolicy
{
    /// <summary>The setting that lets a host through, named in every refusal.</summary>
    public const string AllowedHostsSetting = "TaskGateway:Events:AllowedSinkHosts";

    // NAT64's well-known prefix, 64:ff9b::/96: the last four bytes are the IPv4 address a NAT64 gateway connects to.
    private static readonly byte[] Nat64Prefix = [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];

    // RFC 8215's local-use NAT64 prefix, 64:ff9b:1::/48: translated inside the operator's own network, to addresses
    // the operator chooses, so the IPv4 address it leads to cannot be read from it (its embedding depends on a
    // prefix length only the network knows).
    private static readonly byte[] LocalNat64Prefix = [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01];

    private static readonly byte[] AwsMetadataV6 = IPAddress.Parse("fd00:ec2::254").GetAddressBytes();

    private const string NotAbsolute = "must be an absolute URL such as https://hooks.example.com/taskgateway";

    private readonly HashSet<string> _allowedHosts;

    public SinkAddressPolicy(IEnumerable<string> allowedHosts) =>
        _allowedHosts = new HashSet<string>(allowedHosts.Select(Unbracket), StringComparer.OrdinalIgnoreCase);

    /// <summary>The policy of the configured allowlist.</summary>
    public static SinkAddressPolicy From(IOptions<EventsOptions> options) => new(options.Value.AllowedSinkHosts);

    /// <summary>Whether the host (a name or an IP literal, brackets or not) is listed in the allowlist: exact, case-insensitive.</summary>
    public bool IsAllowlisted(string host) => _allowedHosts.Contains(Unbracket(host));

    /// <summary>Null when the URI is acceptable before any look-up; otherwise why not, for `subscription.sink.uri`.</summary>
    public string? CheckUri(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsAbsoluteUri && !IsImplicitFilePath(uri, parsed) ? CheckUri(parsed) : NotAbsolute;

    /// <summary>Null when the URI is acceptable before any look-up; otherwise why not, for `subscription.sink.uri`.</summary>
    public string? CheckUri(Uri uri)
    {
        var allowlisted = IsAllowlisted(uri.IdnHost);
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && allowlisted))
        {
            return $"must use https (http only for hosts listed in {AllowedHostsSetting})";
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            return NotAbsolute;
        }

        if (uri.UserInfo.Length > 0)
        {
            return "must not hold a user name or password";
        }

        if (uri.Fragment.Length > 0 || uri.OriginalString.Contains('#', StringComparison.Ordinal))
        {
            return "must not have a fragment (#...)";
        }

        return !allowlisted && IPAddress.TryParse(Unbracket(uri.IdnHost), out var literal) && Classify(literal) is { } kind
            ? Refusal($"points at {literal}, {kind} address")
            : null;
    }

    /// <summary>Whether the gateway may connect to this address for this host: the host is allowlisted, or the address is public.</summary>
    public bool Permits(string host, IPAddress address) => IsAllowlisted(host) || Classify(address) is null;

    /// <summary>Why a resolved address is refused, for `subscription.sink.uri`.</summary>
    // The resolved address itself is not said: a caller must not learn what an internal name resolves to.
    public static string Refusal(string host, IPAddress address) => Refusal($"has host {host}, which resolves to {Classify(address) ?? "a public"} address");

    /// <summary>
    /// Null for a public unicast address; otherwise the kind of address it is ("a loopback", "a private", ...),
    /// looking through IPv4-mapped, IPv4-compatible, NAT64, 6to4 and Teredo forms of IPv6 to the IPv4 addresses they
    /// carry.
    /// </summary>
    public static string? Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return Classify(address.MapToIPv4());
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => ClassifyV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => ClassifyV6(address.GetAddressBytes()),
            _ => "an unsupported",
        };
    }

    private static string Refusal(string what) =>
        $"{what}; loopback, private, shared, link-local, multicast, reserved and cloud metadata addresses are refused unless the host is listed in {AllowedHostsSetting}";

    private static string? ClassifyV4(byte[] b) => (b[0], b[1]) switch
    {
        (169, 254) when b[2] == 169 && b[3] == 254 => "a cloud metadata",
        (100, 100) when b[2] == 100 && b[3] == 200 => "a cloud metadata",
        (168, 63) when b[2] == 129 && b[3] == 16 => "a cloud metadata", // Azure's platform endpoint (wire server, DNS)
        (127, _) => "a loopback",
        (0, _) => "an unspecified",
        (10, _) => "a private",
        (172, >= 16 and <= 31) => "a private",
        (192, 168) => "a private",
        (100, >= 64 and <= 127) => "a shared (carrier-grade NAT)",
        (169, 254) => "a link-local",
        (198, 18 or 19) => "a reserved (benchmarking)",
        (192, 0) when b[2] == 0 => "a reserved (IETF protocol assignments)",
        (192, 88) when b[2] == 99 => "a reserved (6to4 relay anycast)",
        (>= 224 and <= 239, _) => "a multicast",
        (255, 255) when b[2] == 255 && b[3] == 255 => "the broadcast",
        (>= 240, _) => "a reserved",
        _ => null,
    };

    private static string? ClassifyV6(byte[] b)
    {
        var upperZero = b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0;
        if (upperZero && b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] <= 1)
        {
            return b[15] == 0 ? "an unspecified" : "a loopback";
        }

        if (upperZero)
        {
            return ClassifyV4(b[12..]); // IPv4-compatible (deprecated, still routed by some stacks)
        }

        if (b.AsSpan(0, 12).SequenceEqual(Nat64Prefix))
        {
            return ClassifyV4(b[12..]); // NAT64: a gateway would translate it to the IPv4 address it carries
        }

        if (b.AsSpan(0, 6).SequenceEqual(LocalNat64Prefix))
        {
            return "a private (local-use NAT64)";
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return ClassifyV4(b[2..6]); // 6to4: a 6to4 host tunnels it to the IPv4 address in bits 16-47
        }

        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)
        {
            // Teredo: a Teredo host sends to the client's IPv4 address (the last four bytes, inverted) or its server's.
            byte[] client = [(byte)~b[12], (byte)~b[13], (byte)~b[14], (byte)~b[15]];
            return ClassifyV4(b[4..8]) ?? ClassifyV4(client);
        }

        return b switch
        {
            _ when b.AsSpan().SequenceEqual(AwsMetadataV6) => "a cloud metadata",
            [>= 0xfc and <= 0xfd, ..] => "a private (unique local)",
            [0xfe, >= 0x80 and <= 0xbf, ..] => "a link-local",
            [0xfe, >= 0xc0, ..] => "a site-local",
            [0xff, ..] => "a multicast",
            _ => null,
        };
    }

    // On Unix, Uri reads "/a/b" as the absolute file:///a/b; the caller wrote a relative path.
    private static bool IsImplicitFilePath(string text, Uri parsed) => parsed.IsFile && !text.StartsWith("file:", StringComparison.OrdinalIgnoreCase);

    private static string Unbracket(string host) => host.Length > 1 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
}
