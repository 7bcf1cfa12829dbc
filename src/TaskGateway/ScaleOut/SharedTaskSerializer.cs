using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;
using Microsoft.Extensions.Caching.Hybrid;
using TaskGateway.Contracts.V1;
using TaskGateway.Services;

namespace TaskGateway.ScaleOut;

/// <summary>
/// A shared fetch in Redis (HybridCache's second level): format version, the cache key it was fetched for, the task's
/// protobuf bytes, and an HMAC-SHA256 of all that (<see cref="RedisMac"/>). An entry that does not verify is never
/// deserialized into a task: reading it throws <see cref="RedisEntryRejectedException"/>. The key travels inside the
/// MAC so that <see cref="SharedFetches"/> can refuse a genuine entry copied under another key.
/// </summary>
internal sealed class SharedTaskSerializer(RedisMac mac, RedisRejections rejections) : IHybridCacheSerializer<SharedFetches.SharedTask>
{
    /// <summary>The largest entry read at all: one task is a few kilobytes.</summary>
    public const int MaxEntryBytes = 4 * 1024 * 1024;

    private const byte Version = 1;
    private const string Context = "fetch";

    public SharedFetches.SharedTask Deserialize(ReadOnlySequence<byte> source)
    {
        if (source.Length > MaxEntryBytes || source.Length < 1 + 4 + RedisMac.Length)
        {
            throw Rejected(SharedSnapshotCodec.Reasons.Length);
        }

        ReadOnlySpan<byte> entry = source.IsSingleSegment ? source.FirstSpan : source.ToArray();
        var data = entry[..^RedisMac.Length];
        if (!mac.Verify(Context, data, entry[^RedisMac.Length..]))
        {
            throw Rejected(SharedSnapshotCodec.Reasons.Signature);
        }

        var keyLength = BinaryPrimitives.ReadInt32BigEndian(data[1..]);
        if (data[0] != Version || keyLength < 0 || keyLength > data.Length - 5)
        {
            throw Rejected(SharedSnapshotCodec.Reasons.Format);
        }

        try
        {
            var key = Encoding.UTF8.GetString(data.Slice(5, keyLength));
            return new SharedFetches.SharedTask(CloudTask.Parser.ParseFrom(data[(5 + keyLength)..]), key);
        }
        catch (InvalidProtocolBufferException)
        {
            throw Rejected(SharedSnapshotCodec.Reasons.Format);
        }
    }

    public void Serialize(SharedFetches.SharedTask value, IBufferWriter<byte> target)
    {
        var key = Encoding.UTF8.GetBytes(value.Key);
        var task = value.Task.ToByteArray();
        var data = new byte[1 + 4 + key.Length + task.Length];
        data[0] = Version;
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(1), key.Length);
        key.CopyTo(data.AsSpan(5));
        task.CopyTo(data.AsSpan(5 + key.Length));
        target.Write(data);
        target.Write(mac.Compute(Context, data));
    }

    private RedisEntryRejectedException Rejected(string reason)
    {
        rejections.Reject("fetch", reason);
        return new RedisEntryRejectedException();
    }
}
