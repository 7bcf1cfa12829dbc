using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace TaskGateway.IntegrationTests;

/// <summary>
/// A replica of this deployment that led a key in an earlier term and sends its old state again now: what a leader
/// paused through a failover or a Redis restart does when it wakes. It holds the deployment's key (PageTokenKey), so
/// its messages verify and are recent; only their fencing token says they are from an older term. Built from a genuine
/// message the test read from Redis, with the send time (and the sequence number) renewed and the MAC computed again as
/// the README describes it (HMAC-SHA256 under a key derived from PageTokenKey, bound to the key it belongs to).
/// </summary>
internal sealed class FormerLeader(string pageTokenKey)
{
    // Message layout (docs/scale-out.md, "Signed"): version (1), fence (8), sequence (8), sent at in Unix ms (8), ...; MAC (32) last.
    private const int FenceOffset = 1;
    private const int SequenceOffset = 9;
    private const int SentAtOffset = 17;
    private const int MacLength = 32;

    private readonly byte[] _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Convert.FromBase64String(pageTokenKey), MacLength, info: "taskgateway redis messages v1"u8.ToArray());

    /// <summary>The fencing token of a message.</summary>
    public static long Fence(byte[] message) => BinaryPrimitives.ReadInt64BigEndian(message.AsSpan(FenceOffset));

    /// <summary>The name of the (first) task a message carries: which task the key is.</summary>
    public static string TaskName(byte[] message)
    {
        var rest = message.AsSpan(SentAtOffset + 8, message.Length - SentAtOffset - 8 - MacLength);
        var senderLength = BinaryPrimitives.ReadInt32BigEndian(rest);
        rest = rest[(4 + senderLength + 1 + 4)..];
        var length = BinaryPrimitives.ReadInt32BigEndian(rest);
        return Contracts.V1.CloudTask.Parser.ParseFrom(rest.Slice(4, length)).Name;
    }

    /// <summary>
    /// Whether a message read from Redis carries this deployment's MAC for a key's identity: proves this helper signs
    /// as the replicas do, so that a message it sends is dropped for its fence, not for its signature.
    /// </summary>
    public bool Verifies(byte[] message, string context) =>
        CryptographicOperations.FixedTimeEquals(Mac(context, message.AsSpan(0, message.Length - MacLength)), message.AsSpan(message.Length - MacLength));

    /// <summary>The message again, sent now, with the highest sequence number its (older) fence can have, signed again.</summary>
    public byte[] SendAgainNow(byte[] message, string context)
    {
        var copy = message[..^MacLength];
        BinaryPrimitives.WriteInt64BigEndian(copy.AsSpan(SequenceOffset), long.MaxValue);
        BinaryPrimitives.WriteInt64BigEndian(copy.AsSpan(SentAtOffset), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return [.. copy, .. Mac(context, copy)];
    }

    private byte[] Mac(string context, ReadOnlySpan<byte> data)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        var contextBytes = Encoding.UTF8.GetBytes(context);
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, contextBytes.Length);
        hmac.AppendData(length);
        hmac.AppendData(contextBytes);
        hmac.AppendData(data);
        return hmac.GetHashAndReset();
    }
}
