using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using TaskGateway.Core.Sources;

namespace TaskGateway.ScaleOut;

/// <summary>
/// What makes Redis a transport and not an authority: everything a replica writes to Redis (poll messages, last
/// states, shared fetches) carries an HMAC-SHA256 under a key derived from TaskGateway:PageTokenKey, bound to the
/// Redis key or channel it belongs to; and every name the gateway uses in Redis is derived with the same key and the
/// source's fingerprint, so deployments that share one Redis never meet. Anyone who can write to Redis without the
/// deployment's key can only make replicas drop what they wrote.
/// </summary>
internal sealed class RedisMac
{
    /// <summary>The length of a MAC, appended to every message and entry.</summary>
    public const int Length = 32;

    // Distinct from the page tokens' info: the two keys never serve each other's purpose.
    private static readonly byte[] Info = "taskgateway redis messages v1"u8.ToArray();

    private readonly byte[] _key;

    public RedisMac(byte[] key) => _key = key;

    /// <summary>The key derived from a TaskGateway:PageTokenKey value (base64 of 32 bytes or more).</summary>
    public static RedisMac FromPageTokenKey(string pageTokenKey) =>
        new(HKDF.DeriveKey(HashAlgorithmName.SHA256, Convert.FromBase64String(pageTokenKey), Length, info: Info));

    /// <summary>The MAC of data bound to a context (the Redis key or channel identity it belongs to).</summary>
    public byte[] Compute(string context, ReadOnlySpan<byte> data)
    {
        var mac = new byte[Length];
        Compute(context, data, mac);
        return mac;
    }

    /// <summary>Whether mac is data's MAC in that context, compared in constant time.</summary>
    public bool Verify(string context, ReadOnlySpan<byte> data, ReadOnlySpan<byte> mac)
    {
        if (mac.Length != Length)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[Length];
        Compute(context, data, expected);
        return CryptographicOperations.FixedTimeEquals(expected, mac);
    }

    /// <summary>
    /// A short keyed digest of parts: a name in Redis that reveals nothing and differs between deployments (another
    /// PageTokenKey gives other names). Parts are length-prefixed, so no two lists of parts give the same input.
    /// </summary>
    public string Digest(params ReadOnlySpan<string> parts)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        Span<byte> length = stackalloc byte[4];
        foreach (var part in parts)
        {
            var bytes = Encoding.UTF8.GetBytes(part);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            hmac.AppendData(length);
            hmac.AppendData(bytes);
        }

        Span<byte> digest = stackalloc byte[Length];
        hmac.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest[..16]);
    }

    /// <summary>
    /// A source's fingerprint in this deployment: its kind, endpoint, credential identity (scheme, access key, a
    /// hash of the token; never a secret in clear, and the result is keyed anyway) and its kind's own settings (a region). Two deployments that call another
    /// endpoint or with other credentials never share a lease, a state or a cached fetch, even with the same alias.
    /// </summary>
    public string Fingerprint(SourceOptions source)
    {
        var auth = source.Auth;
        var token = auth.Token is { Length: > 0 } t ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(t))) : string.Empty;
        var secret = auth.SecretKey is { Length: > 0 } s ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s))) : string.Empty;
        return Digest([
            "source", source.Kind ?? string.Empty, source.Endpoint ?? string.Empty, auth.Scheme ?? string.Empty, auth.AccessKey ?? string.Empty,
            token, secret, auth.PassCallerToken ? "caller-token" : "gateway-token", .. source.Settings?.IdentityParts ?? []]);
    }

    private void Compute(string context, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        var contextBytes = Encoding.UTF8.GetBytes(context);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, contextBytes.Length);
        hmac.AppendData(length);
        hmac.AppendData(contextBytes);
        hmac.AppendData(data);
        hmac.GetHashAndReset(destination);
    }
}
