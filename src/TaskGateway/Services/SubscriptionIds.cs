using System.Security.Cryptography;

namespace TaskGateway.Services;

/// <summary>
/// Subscription ids: 26 characters of lowercase Crockford base32 over 48 bits of milliseconds since the epoch and 80
/// random bits (a ULID's layout). Crockford's alphabet is in ASCII order, so ids sort as they were made: the store
/// lists and pages in id order, which is creation order.
/// </summary>
internal static class SubscriptionIds
{
    /// <summary>The length of an id.</summary>
    public const int Length = 26;

    /// <summary>What a subscription's name starts with.</summary>
    public const string Prefix = "subscriptions/";

    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    /// <summary>A new id, time-ordered by <paramref name="time"/>.</summary>
    public static string New(TimeProvider time)
    {
        Span<byte> bytes = stackalloc byte[16];
        var millis = (ulong)Math.Max(0, time.GetUtcNow().ToUnixTimeMilliseconds());
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)millis;
            millis >>= 8;
        }

        RandomNumberGenerator.Fill(bytes[6..]);
        return Encode(bytes);
    }

    /// <summary>Whether <paramref name="id"/> is an id the gateway could have made (length, alphabet, at most 128 bits).</summary>
    public static bool IsValid(string id)
    {
        // 26 characters carry 130 bits: the first holds only the top 3 of 128, so it is at most '7'.
        if (id.Length != Length || id[0] > '7')
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The id in `subscriptions/{id}`, or null with why not.</summary>
    public static string? TryParseName(string name, out string error)
    {
        error = string.Empty;
        if (string.IsNullOrEmpty(name))
        {
            error = "is required";
            return null;
        }

        if (name.StartsWith(Prefix, StringComparison.Ordinal) && IsValid(name[Prefix.Length..]))
        {
            return name[Prefix.Length..];
        }

        error = $"must be subscriptions/{{id}}, the name CreateSubscription returned ({Length} lowercase base32 characters)";
        return null;
    }

    private static string Encode(ReadOnlySpan<byte> bytes)
    {
        // 128 bits as 26 five-bit groups, most significant first (two leading zero bits pad them to 130).
        var high = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes);
        var low = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        var value = ((UInt128)high << 64) | low;
        Span<char> chars = stackalloc char[Length];
        for (var i = Length - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }

        return new string(chars);
    }
}
