using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;
using Microsoft.Extensions.Caching.Hybrid;
using TaskGateway.Contracts.V1;

namespace TaskGateway.ScaleOut;

/// <summary>
/// A shared fetch in Redis (HybridCache's second level): format version, the time it was fetched (Unix milliseconds),
/// the cache key it was fetched for, the task's protobuf bytes, and an HMAC-SHA256 of all that (<see cref="RedisMac"/>).
/// The fetch time is signed because Redis' own expiry is not: whoever can write to Redis could put a genuine old entry
/// back without an expiry, and every replica would serve that old state for ever. An entry older than the longest
/// freshness window of any source is refused like a forged one. An entry that does not verify is never
/// deserialized into a task: reading it throws <see cref="RedisEntryRejectedException"/>. The key travels inside the
/// MAC so that <see cref="SharedFetches"/> can refuse a genuine entry copied under another key.
/// </summary>
internal sealed class SharedTaskSerializer : IHybridCacheSerializer<SharedTask>
{
    /// <summary>The largest entry read at all: one task is a few kilobytes.</summary>
    public const int MaxEntryBytes = 4 * 1024 * 1024;

    // 2: the fetch time joined the signed fields.
    private const byte Version = 2;
    private const string Context = "fetch";
    private const int Header = 1 + 8 + 4;

    private readonly RedisMac _mac;
    private readonly RedisRejections _rejections;
    private readonly TimeProvider _time;
    private readonly long _maxAgeMs;

    /// <summary>For the host: entries live at most as long as the longest freshness window of the sources.</summary>
    public SharedTaskSerializer(RedisMac mac, RedisRejections rejections, TimeProvider time, Core.Sources.SourceRegistry sources)
        : this(mac, rejections, time, sources.Aliases.Select(a => sources.OptionsOf(a).Freshness).DefaultIfEmpty(TimeSpan.Zero).Max())
    {
    }

    internal SharedTaskSerializer(RedisMac mac, RedisRejections rejections, TimeProvider time, TimeSpan maxAge)
    {
        _mac = mac;
        _rejections = rejections;
        _time = time;
        _maxAgeMs = (long)maxAge.TotalMilliseconds;
    }

    public SharedTask Deserialize(ReadOnlySequence<byte> source)
    {
        if (source.Length > MaxEntryBytes || source.Length < Header + RedisMac.Length)
        {
            throw Rejected(SharedSnapshotCodec.Reasons.Length);
        }

        ReadOnlySpan<byte> entry = source.IsSingleSegment ? source.FirstSpan : source.ToArray();
        var data = entry[..^RedisMac.Length];
        if (!_mac.Verify(Context, data, entry[^RedisMac.Length..]))
        {
            throw Rejected(SharedSnapshotCodec.Reasons.Signature);
        }

        var keyLength = BinaryPrimitives.ReadInt32BigEndian(data[9..]);
        if (data[0] != Version || keyLength < 0 || keyLength > data.Length - Header)
        {
            throw Rejected(SharedSnapshotCodec.Reasons.Format);
        }

        // Older than any window, or from the future: a genuine entry put back, not one this deployment keeps.
        var age = _time.GetUtcNow().ToUnixTimeMilliseconds() - BinaryPrimitives.ReadInt64BigEndian(data[1..]);
        if (age > _maxAgeMs || age < -_maxAgeMs)
        {
            throw Rejected(SharedSnapshotCodec.Reasons.Stale);
        }

        try
        {
            var key = Encoding.UTF8.GetString(data.Slice(Header, keyLength));
            return new SharedTask(CloudTask.Parser.ParseFrom(data[(Header + keyLength)..]), key);
        }
        catch (InvalidProtocolBufferException)
        {
            throw Rejected(SharedSnapshotCodec.Reasons.Format);
        }
    }

    public void Serialize(SharedTask value, IBufferWriter<byte> target)
    {
        var key = Encoding.UTF8.GetBytes(value.Key);
        var task = value.Task.ToByteArray();
        var data = new byte[Header + key.Length + task.Length];
        data[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(1), _time.GetUtcNow().ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(9), key.Length);
        key.CopyTo(data.AsSpan(Header));
        task.CopyTo(data.AsSpan(Header + key.Length));
        target.Write(data);
        target.Write(_mac.Compute(Context, data));
    }

    private RedisEntryRejectedException Rejected(string reason)
    {
        _rejections.Reject("fetch", reason);
        return new RedisEntryRejectedException();
    }
}
