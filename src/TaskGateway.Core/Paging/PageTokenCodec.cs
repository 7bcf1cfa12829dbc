using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace TaskGateway.Core.Paging;

/// <summary>
/// Seals page cursors into opaque tokens with AES-GCM: callers can neither read nor forge them, and a token
/// only opens for the parent and filter it was issued for. Every replica configured with the same key
/// accepts every replica's tokens, which keeps the gateway stateless behind a load balancer.
/// <para>
/// A token names the key that sealed it (a short digest of that key, readable but authenticated) and carries the
/// time it was sealed, so that it expires after the maximum age and the key can be rotated: a codec seals with its
/// current key only, and opens with its current key or, during a rotation, the previous one.
/// </para>
/// </summary>
public sealed class PageTokenCodec
{
    /// <summary>How long a token opens when no maximum age is configured.</summary>
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromHours(24);

    // 3: the key id in clear (authenticated as associated data) and the sealing time. Version 2 tokens (no key id,
    // no time) no longer open: callers start the list or the watch again, as they must after any key change.
    private const byte Version = 3;
    private const int KeyIdSize = PageTokenKey.IdSize;
    private const int HeaderSize = 1 + KeyIdSize;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int ScopeSize = 16;
    private const int FixedPlainSize = ScopeSize + 8 + 8 + 2;
    private readonly PageTokenKey _current;
    private readonly PageTokenKey? _previous;
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxAge;

    /// <summary>
    /// Creates a codec that seals with a 32-byte key and opens tokens sealed with it or with
    /// <paramref name="previousKey"/>, until they are <paramref name="maxAge"/> old (24 hours by default) on
    /// <paramref name="time"/>'s clock.
    /// </summary>
    public PageTokenCodec(byte[] key, TimeProvider? time = null, TimeSpan? maxAge = null, byte[]? previousKey = null)
    {
        _current = new PageTokenKey(key, nameof(key));
        _previous = previousKey is null ? null : new PageTokenKey(previousKey, nameof(previousKey));
        _time = time ?? TimeProvider.System;
        _maxAge = maxAge ?? DefaultMaxAge;
        if (_maxAge <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(maxAge), "The maximum age of a page token must be positive.");
        }
    }

    /// <summary>The id of the key new tokens are sealed with: lower-case hex of a short digest of it, not secret.</summary>
    public string KeyId => Convert.ToHexStringLower(_current.Id);

    /// <summary>The id of the previous key, which still opens tokens; null when none is configured.</summary>
    public string? PreviousKeyId => _previous is null ? null : Convert.ToHexStringLower(_previous.Id);

    /// <summary>How long a token opens after it was sealed.</summary>
    public TimeSpan MaxAge => _maxAge;

    /// <summary>Seals a cursor for a scope (the list's parent and filter), always with the current key.</summary>
    public string Encode(string scope, PageCursor cursor)
    {
        var marker = Encoding.UTF8.GetBytes(cursor.Marker);
        var plain = new byte[FixedPlainSize + marker.Length];
        ScopeHash(scope, plain.AsSpan(0, ScopeSize));
        BinaryPrimitives.WriteInt64LittleEndian(plain.AsSpan(ScopeSize), _time.GetUtcNow().ToUnixTimeSeconds());
        BinaryPrimitives.WriteInt64LittleEndian(plain.AsSpan(ScopeSize + 8), cursor.Offset);
        BinaryPrimitives.WriteUInt16LittleEndian(plain.AsSpan(ScopeSize + 16), checked((ushort)marker.Length));
        marker.CopyTo(plain.AsSpan(FixedPlainSize));

        var sealedBytes = new byte[HeaderSize + NonceSize + plain.Length + TagSize];
        sealedBytes[0] = Version;
        _current.Id.CopyTo(sealedBytes.AsSpan(1));
        var nonce = sealedBytes.AsSpan(HeaderSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_current.Key, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(HeaderSize + NonceSize, plain.Length), sealedBytes.AsSpan(HeaderSize + NonceSize + plain.Length),
            sealedBytes.AsSpan(0, HeaderSize));
        return Base64UrlEncode(sealedBytes);
    }

    /// <summary>Opens a token; false when it was tampered with, is from another key or scope, is not a token, or expired.</summary>
    public bool TryDecode(string token, string scope, out PageCursor cursor) => Decode(token, scope, out cursor) == PageTokenOutcome.Opened;

    /// <summary>Opens a token and says why not when it does not: invalid (tampered, another key or scope, not a token) or expired.</summary>
    public PageTokenOutcome Decode(string token, string scope, out PageCursor cursor)
    {
        cursor = default;
        // Only the canonical encoding opens: flipping the unused low bits of the last character is tampering too.
        if (token.Length > 1024 || !TryBase64UrlDecode(token, out var sealedBytes) || sealedBytes.Length < HeaderSize + NonceSize + TagSize + FixedPlainSize
            || sealedBytes[0] != Version || Base64UrlEncode(sealedBytes) != token)
        {
            return PageTokenOutcome.Invalid;
        }

        var plainLength = sealedBytes.Length - HeaderSize - NonceSize - TagSize;
        var plain = new byte[plainLength];
        if (!Open(_current, sealedBytes, plain) && (_previous is null || !Open(_previous, sealedBytes, plain)))
        {
            return PageTokenOutcome.Invalid;
        }

        Span<byte> expected = stackalloc byte[ScopeSize];
        ScopeHash(scope, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, plain.AsSpan(0, ScopeSize)))
        {
            return PageTokenOutcome.Invalid;
        }

        var sealedAt = BinaryPrimitives.ReadInt64LittleEndian(plain.AsSpan(ScopeSize));
        var offset = BinaryPrimitives.ReadInt64LittleEndian(plain.AsSpan(ScopeSize + 8));
        var markerLength = BinaryPrimitives.ReadUInt16LittleEndian(plain.AsSpan(ScopeSize + 16));
        if (offset < 0 || FixedPlainSize + markerLength != plainLength)
        {
            return PageTokenOutcome.Invalid;
        }

        // Only a key holder can set the time, so a genuine token is judged by it: at its maximum age it no longer opens.
        if (_time.GetUtcNow().ToUnixTimeSeconds() - sealedAt >= (long)_maxAge.TotalSeconds)
        {
            return PageTokenOutcome.Expired;
        }

        cursor = new PageCursor(offset, Encoding.UTF8.GetString(plain.AsSpan(FixedPlainSize, markerLength)));
        return PageTokenOutcome.Opened;
    }

    // Opens with a key when the token names it; the authenticated header makes a changed key id fail the tag check.
    private static bool Open(PageTokenKey key, byte[] sealedBytes, byte[] plain)
    {
        if (!key.Id.AsSpan().SequenceEqual(sealedBytes.AsSpan(1, KeyIdSize)))
        {
            return false;
        }

        try
        {
            using var aes = new AesGcm(key.Key, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(HeaderSize, NonceSize), sealedBytes.AsSpan(HeaderSize + NonceSize, plain.Length),
                sealedBytes.AsSpan(HeaderSize + NonceSize + plain.Length), plain, sealedBytes.AsSpan(0, HeaderSize));
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
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
