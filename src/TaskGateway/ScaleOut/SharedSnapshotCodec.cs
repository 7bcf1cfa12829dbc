using Google.Protobuf;
using TaskGateway.Contracts.V1;
using TaskGateway.Watch;

namespace TaskGateway.ScaleOut;

/// <summary>
/// The message a leading replica shares about a key: format version, fencing token, the leader's sequence number,
/// sender, flags, then each task
/// as its protobuf bytes. Binary and length-prefixed: nothing a backend sends can break the framing.
/// </summary>
internal static class SharedSnapshotCodec
{
    private const byte Version = 2;
    private const byte FinalFlag = 1;
    private const byte FailedFlag = 2;

    public static byte[] Encode(long fence, long sequence, string sender, IReadOnlyList<CloudTask> tasks, bool final, bool failed)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Version);
            writer.Write(fence);
            writer.Write(sequence);
            writer.Write(sender);
            writer.Write((byte)((final ? FinalFlag : 0) | (failed ? FailedFlag : 0)));
            writer.Write(tasks.Count);
            foreach (var task in tasks)
            {
                var bytes = task.ToByteArray();
                writer.Write(bytes.Length);
                writer.Write(bytes);
            }
        }

        return stream.ToArray();
    }

    /// <summary>Reads a message; false for one of another format version or a malformed one.</summary>
    public static bool TryDecode(byte[] message, out long fence, out long sequence, out string sender, out SharedSnapshot snapshot)
    {
        fence = 0;
        sequence = 0;
        sender = string.Empty;
        snapshot = new SharedSnapshot([], false, false);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(message));
            if (reader.ReadByte() != Version)
            {
                return false;
            }

            fence = reader.ReadInt64();
            sequence = reader.ReadInt64();
            sender = reader.ReadString();
            var flags = reader.ReadByte();
            var count = reader.ReadInt32();
            var tasks = new List<CloudTask>(Math.Min(count, 10_000));
            for (var i = 0; i < count; i++)
            {
                tasks.Add(CloudTask.Parser.ParseFrom(reader.ReadBytes(reader.ReadInt32())));
            }

            snapshot = new SharedSnapshot(tasks, (flags & FinalFlag) != 0, (flags & FailedFlag) != 0);
            return true;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or Google.Protobuf.InvalidProtocolBufferException or ArgumentException)
        {
            return false;
        }
    }
}
