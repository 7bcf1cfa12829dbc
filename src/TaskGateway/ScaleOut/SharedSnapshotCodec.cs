using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;
using TaskGateway.Contracts.V1;
using TaskGateway.Watch;

namespace TaskGateway.ScaleOut;

/// <summary>
/// The message a leading replica shares about a key, on its channel and as its last state: format version, fencing
/// token, the leader's sequence number, the time it was sent (Unix milliseconds, so that a replayed old message can be
/// told from a current one: <see cref="SharedStateAdmission"/>), sender, flags, then each task as its protobuf bytes, then an HMAC-SHA256
/// (<see cref="RedisMac"/>) of all that bound to the key's identity. Binary and length-prefixed: nothing a backend
/// sends can break the framing. Decoding verifies the MAC before it reads anything, so nothing a forger claims (a
/// fence, a length, a state) is ever used; and every length is checked against the bytes actually present, so even
/// a signed message cannot make it allocate more than the message's size.
/// </summary>
internal static class SharedSnapshotCodec
{
    /// <summary>The largest message read at all (a collection of thousands of tasks fits many times over).</summary>
    public const int MaxMessageBytes = 16 * 1024 * 1024;

    // 4: the send time joined the signed fields.
    private const byte Version = 4;
    private const byte FinalFlag = 1;
    private const byte FailedFlag = 2;
    private const int MaxSenderBytes = 512;

    /// <summary>Why a message was dropped (a fixed word: a metric tag and a log field).</summary>
    internal static class Reasons
    {
        public const string Length = "impossible_length";
        public const string Signature = "bad_signature";
        public const string Format = "bad_format";
        public const string Resource = "other_resource";
        public const string Stale = "stale";
    }

    /// <summary>A message for the key whose identity is <paramref name="context"/>.</summary>
    public static byte[] Encode(RedisMac mac, string context, long fence, long sequence, long sentAtMs, string sender, IReadOnlyList<CloudTask> tasks, bool final, bool failed)
    {
        using var stream = new MemoryStream();
        Span<byte> number = stackalloc byte[8];
        stream.WriteByte(Version);
        BinaryPrimitives.WriteInt64BigEndian(number, fence);
        stream.Write(number);
        BinaryPrimitives.WriteInt64BigEndian(number, sequence);
        stream.Write(number);
        BinaryPrimitives.WriteInt64BigEndian(number, sentAtMs);
        stream.Write(number);
        var senderBytes = Encoding.UTF8.GetBytes(sender);
        BinaryPrimitives.WriteInt32BigEndian(number, senderBytes.Length);
        stream.Write(number[..4]);
        stream.Write(senderBytes);
        stream.WriteByte((byte)((final ? FinalFlag : 0) | (failed ? FailedFlag : 0)));
        BinaryPrimitives.WriteInt32BigEndian(number, tasks.Count);
        stream.Write(number[..4]);
        foreach (var task in tasks)
        {
            var bytes = task.ToByteArray();
            BinaryPrimitives.WriteInt32BigEndian(number, bytes.Length);
            stream.Write(number[..4]);
            stream.Write(bytes);
        }

        var data = stream.GetBuffer().AsSpan(0, (int)stream.Length);
        stream.Write(mac.Compute(context, data));
        return stream.ToArray();
    }

    /// <summary>
    /// Reads a message for the key whose identity is <paramref name="context"/> and whose tasks are
    /// <paramref name="resource"/> or under it; false, with the reason, for anything else.
    /// </summary>
    public static bool TryDecode(RedisMac mac, string context, string resource, ReadOnlySpan<byte> message,
        out long fence, out long sequence, out long sentAtMs, out string sender, out SharedSnapshot snapshot, out string reason)
    {
        fence = 0;
        sequence = 0;
        sentAtMs = 0;
        sender = string.Empty;
        snapshot = new SharedSnapshot([], false, false);
        if (!TryVerify(mac, context, message, out var data, out reason))
        {
            return false;
        }

        var rest = data[1..];
        fence = BinaryPrimitives.ReadInt64BigEndian(rest);
        sequence = BinaryPrimitives.ReadInt64BigEndian(rest[8..]);
        sentAtMs = BinaryPrimitives.ReadInt64BigEndian(rest[16..]);
        rest = rest[24..];
        reason = Reasons.Length;
        if (!TryReadSender(ref rest, ref sender))
        {
            return false;
        }

        var flags = rest[0];
        var count = BinaryPrimitives.ReadInt32BigEndian(rest[1..]);
        rest = rest[5..];
        // Each task takes four bytes of length at least: a count beyond that is a lie.
        if (count < 0 || count > rest.Length / 4)
        {
            return false;
        }

        if (!TryReadTasks(rest, count, resource, out var tasks, out reason))
        {
            return false;
        }

        snapshot = new SharedSnapshot(tasks, (flags & FinalFlag) != 0, (flags & FailedFlag) != 0);
        reason = string.Empty;
        return true;
    }

    // The size, the MAC over everything before it, then the format version: nothing else is read before these pass.
    private static bool TryVerify(RedisMac mac, string context, ReadOnlySpan<byte> message, out ReadOnlySpan<byte> data, out string reason)
    {
        data = default;
        reason = Reasons.Length;
        if (message.Length > MaxMessageBytes || message.Length < 1 + 8 + 8 + 8 + 4 + 1 + 4 + RedisMac.Length)
        {
            return false;
        }

        data = message[..^RedisMac.Length];
        reason = Reasons.Signature;
        if (!mac.Verify(context, data, message[^RedisMac.Length..]))
        {
            return false;
        }

        reason = Reasons.Format;
        return data[0] == Version;
    }

    // The sender's length and bytes; false when the length is impossible (the sender is then left as it was).
    private static bool TryReadSender(ref ReadOnlySpan<byte> rest, ref string sender)
    {
        var senderLength = BinaryPrimitives.ReadInt32BigEndian(rest);
        rest = rest[4..];
        // Every length is bounded by the bytes that are actually there before anything is allocated for it.
        if (senderLength < 0 || senderLength > MaxSenderBytes || senderLength > rest.Length - 5)
        {
            return false;
        }

        sender = Encoding.UTF8.GetString(rest[..senderLength]);
        rest = rest[senderLength..];
        return true;
    }

    // The length-prefixed tasks, each parsed and checked to belong to the key, and nothing after them.
    private static bool TryReadTasks(ReadOnlySpan<byte> rest, int count, string resource, out List<CloudTask> tasks, out string reason)
    {
        tasks = new List<CloudTask>(count);
        for (var i = 0; i < count; i++)
        {
            if (rest.Length < 4 || BinaryPrimitives.ReadInt32BigEndian(rest) is var length && (length < 0 || length > rest.Length - 4))
            {
                reason = Reasons.Length;
                return false;
            }

            CloudTask task;
            try
            {
                task = CloudTask.Parser.ParseFrom(rest.Slice(4, length));
            }
            catch (InvalidProtocolBufferException)
            {
                reason = Reasons.Format;
                return false;
            }

            // Defence in depth: a key's tasks are its resource (WatchTask) or under it (WatchTasks).
            if (!Belongs(task.Name, resource))
            {
                reason = Reasons.Resource;
                return false;
            }

            tasks.Add(task);
            rest = rest[(4 + length)..];
        }

        reason = rest.IsEmpty ? string.Empty : Reasons.Length;
        return rest.IsEmpty;
    }

    private static bool Belongs(string name, string resource) =>
        name.StartsWith(resource, StringComparison.Ordinal) && (name.Length == resource.Length || name[resource.Length] == '/');
}
