using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace TaskGateway.Core.Paging;

/// <summary>
/// Seals page cursors into opaque tokens with AES-GCM: callers can neither read nor forge them, and a token
/// only opens for the parent and filter it was issued for. Every replica configured with the same key
/// accepts every replica's tokens, which keeps the gateway stateless behind a load balancer.
/// </summary>
public sealed class PageTokenCodec
{
    // 2: the cursor lost its record count (version 1 tokens no longer open: callers start the list again).
    private const byte Version = 2;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int ScopeSize = 16;
    private readonly byte[] _key;

    /// <summary>Creates a codec with a 32-byte key.</summary>
    public PageTokenCodec(byte[] key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("The page token key must be 32 bytes.", nameof(key));
        }

        _key = key;
    }

    /// <summary>Seals a cursor for a scope (the list's parent and filter).</summary>
    public string Encode(string scope, PageCursor cursor)
    {
        var marker = Encoding.UTF8.GetBytes(cursor.Marker);
        var plain = new byte[1 + ScopeSize + 8 + 2 + marker.Length];
        plain[0] = Version;
        ScopeHash(scope, plain.AsSpan(1, ScopeSize));
        BinaryPrimitives.WriteInt64LittleEndian(plain.AsSpan(1 + ScopeSize), cursor.Offset);
        BinaryPrimitives.WriteUInt16LittleEndian(plain.AsSpan(1 + ScopeSize + 8), checked((ushort)marker.Length));
        marker.CopyTo(plain.AsSpan(1 + ScopeSize + 10));

        var sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length));
        return Base64UrlEncode(sealedBytes);
    }

    /// <summary>Opens a token; false when it was tampered with, is from another key or scope, or is not a token.</summary>
    public bool TryDecode(string token, string scope, out PageCursor cursor)
    {
        cursor = default;
        // Only the canonical encoding opens: flipping the unused low bits of the last character is tampering too.
        if (token.Length > 1024 || !TryBase64UrlDecode(token, out var sealedBytes) || sealedBytes.Length < NonceSize + TagSize + 1 + ScopeSize + 10
            || Base64UrlEncode(sealedBytes) != token)
        {
            return false;
        }

        var plainLength = sealedBytes.Length - NonceSize - TagSize;
        var plain = new byte[plainLength];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, plainLength), sealedBytes.AsSpan(NonceSize + plainLength), plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[ScopeSize];
        ScopeHash(scope, expected);
        if (plain[0] != Version || !CryptographicOperations.FixedTimeEquals(expected, plain.AsSpan(1, ScopeSize)))
        {
            return false;
        }

        var offset = BinaryPrimitives.ReadInt64LittleEndian(plain.AsSpan(1 + ScopeSize));
        var markerLength = BinaryPrimitives.ReadUInt16LittleEndian(plain.AsSpan(1 + ScopeSize + 8));
        if (offset < 0 || 1 + ScopeSize + 10 + markerLength != plainLength)
        {
            return false;
        }

        cursor = new PageCursor(offset, Encoding.UTF8.GetString(plain.AsSpan(1 + ScopeSize + 10, markerLength)));
        return true;
    }

    private static void ScopeHash(string scope, Span<byte> destination)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(scope), hash);
        hash[..ScopeSize].CopyTo(destination);
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryBase64UrlDecode(string text, out byte[] bytes)
    {
        bytes = [];
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
            {
                return false;
            }
        }

        var padded = text.Replace('-', '+').Replace('_', '/');
        padded = (padded.Length % 4) switch
        {
            2 => padded + "==",
            3 => padded + "=",
            0 => padded,
            _ => null!,
        };
        if (padded is null)
        {
            return false;
        }

        try
        {
            bytes = Convert.FromBase64String(padded);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
