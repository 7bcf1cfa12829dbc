using System.Buffers.Binary;
using System.Security.Cryptography;
using TaskGateway.Contracts.V1;
using TaskGateway.ScaleOut;

namespace TaskGateway.Tests.ScaleOut;

public class SharedSnapshotCodecTests
{
    private const string Resource = "sources/a/accounts/b";
    private const string Context = "snapshot:taskgateway:key:{0123}";
    private const long SentAt = 1_795_000_000_123;
    private static readonly RedisMac Mac = RedisMac.FromPageTokenKey(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    [Fact]
    public void Encode_ThenDecode_SameFenceSendTimeSenderTasksAndFlags()
    {
        CloudTask[] tasks = [new() { Name = Resource + "/tasks/c", Etag = "e1", Labels = { ["k"] = "v" } }, new() { Name = Resource + "/tasks/d" }];

        var ok = SharedSnapshotCodec.TryDecode(Mac, Context, Resource, SharedSnapshotCodec.Encode(Mac, Context, 42, 7, SentAt, "replica:1", tasks, final: true, failed: false),
            out var fence, out var sequence, out var sentAt, out var sender, out var snapshot, out var reason);

        Assert.True(ok, reason);
        Assert.Equal(42, fence);
        Assert.Equal(7, sequence);
        Assert.Equal(SentAt, sentAt);
        Assert.Equal("replica:1", sender);
        Assert.Equal(tasks, snapshot.Tasks);
        Assert.True(snapshot.Final);
        Assert.False(snapshot.Failed);
    }

    [Fact]
    public void Decode_SingleTaskOfItsResource_Accepted()
    {
        var message = SharedSnapshotCodec.Encode(Mac, Context, 1, 1, SentAt, "r", [new CloudTask { Name = Resource }], final: false, failed: false);

        Assert.True(SharedSnapshotCodec.TryDecode(Mac, Context, Resource, message, out _, out _, out _, out _, out var snapshot, out _));
        Assert.Single(snapshot.Tasks);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 9, 0, 0 })]
    [InlineData(new byte[] { 1, 1, 2, 3 })]
    public void TryDecode_Garbage_FalseNeverThrows(byte[] message) =>
        Assert.False(SharedSnapshotCodec.TryDecode(Mac, Context, Resource, message, out _, out _, out _, out _, out _, out _));

    [Fact]
    public void TryDecode_TruncatedMessage_False()
    {
        var message = SharedSnapshotCodec.Encode(Mac, Context, 1, 1, SentAt, "r", [new CloudTask { Name = Resource + "/tasks/n" }], final: false, failed: false);

        Assert.False(SharedSnapshotCodec.TryDecode(Mac, Context, Resource, message.AsSpan(0, message.Length - 2), out _, out _, out _, out _, out _, out var reason));
        Assert.Equal(SharedSnapshotCodec.Reasons.Signature, reason);
    }

    [Fact]
    public void TryDecode_ForgedFinalSucceededWithHugeFence_RejectedBeforeItsFenceIsRead()
    {
        // What the review sent with one PUBLISH: a well-formed message of the unsigned format, with a MAC of garbage.
        var genuine = SharedSnapshotCodec.Encode(Mac, Context, long.MaxValue, 1, SentAt, "attacker",
            [new CloudTask { Name = Resource + "/tasks/c", State = CloudTask.Types.State.Succeeded }], final: true, failed: false);
        genuine[^1] ^= 1;

        var ok = SharedSnapshotCodec.TryDecode(Mac, Context, Resource, genuine, out var fence, out _, out _, out _, out var snapshot, out var reason);

        Assert.False(ok);
        Assert.Equal(SharedSnapshotCodec.Reasons.Signature, reason);
        Assert.Equal(0, fence);
        Assert.Empty(snapshot.Tasks);
    }

    [Fact]
    public void TryDecode_AnotherDeploymentsKey_Rejected()
    {
        var other = RedisMac.FromPageTokenKey(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var message = SharedSnapshotCodec.Encode(other, Context, 5, 1, SentAt, "r", [new CloudTask { Name = Resource + "/tasks/c" }], final: false, failed: false);

        Assert.False(SharedSnapshotCodec.TryDecode(Mac, Context, Resource, message, out _, out _, out _, out _, out _, out var reason));
        Assert.Equal(SharedSnapshotCodec.Reasons.Signature, reason);
    }

    [Fact]
    public void TryDecode_ReplayedOnAnotherKey_Rejected()
    {
        var message = SharedSnapshotCodec.Encode(Mac, Context, 5, 1, SentAt, "r", [new CloudTask { Name = Resource + "/tasks/c" }], final: false, failed: false);

        Assert.False(SharedSnapshotCodec.TryDecode(Mac, "snapshot:taskgateway:key:{4567}", Resource, message, out _, out _, out _, out _, out _, out var reason));
        Assert.Equal(SharedSnapshotCodec.Reasons.Signature, reason);
    }

    [Theory]
    [InlineData("sources/a/accounts/other/tasks/c")]
    [InlineData("sources/a/accounts/bb/tasks/c")]
    [InlineData("sources/a/accounts")]
    public void TryDecode_TaskOfAnotherResource_Rejected(string name)
    {
        var message = SharedSnapshotCodec.Encode(Mac, Context, 5, 1, SentAt, "r", [new CloudTask { Name = name }], final: false, failed: false);

        Assert.False(SharedSnapshotCodec.TryDecode(Mac, Context, Resource, message, out _, out _, out _, out _, out _, out var reason));
        Assert.Equal(SharedSnapshotCodec.Reasons.Resource, reason);
    }

    [Theory]
    [InlineData(1, int.MaxValue)]
    [InlineData(int.MaxValue, 4)]
    [InlineData(1, -1)]
    public void TryDecode_SignedMessageClaiming2GiB_DroppedWithoutAllocatingIt(int count, int length)
    {
        // Even a correctly signed message (a bug, or a leaked key) cannot make a replica allocate what it claims.
        var message = Signed(count, length, payload: new byte[16]);
        SharedSnapshotCodec.TryDecode(Mac, Context, Resource, Signed(1, 2, [8, 1]), out _, out _, out _, out _, out _, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var ok = SharedSnapshotCodec.TryDecode(Mac, Context, Resource, message, out _, out _, out _, out _, out _, out var reason);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.False(ok);
        Assert.Equal(SharedSnapshotCodec.Reasons.Length, reason);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void TryDecode_MessageOverTheMaximum_DroppedBeforeVerification()
    {
        var message = new byte[SharedSnapshotCodec.MaxMessageBytes + 1];

        Assert.False(SharedSnapshotCodec.TryDecode(Mac, Context, Resource, message, out _, out _, out _, out _, out _, out var reason));
        Assert.Equal(SharedSnapshotCodec.Reasons.Length, reason);
    }

    // A message of the current format, correctly signed, with one task whose length field says what the test wants.
    private static byte[] Signed(int count, int length, byte[] payload)
    {
        var data = new List<byte> { 4 };
        data.AddRange(new byte[24]);
        data.AddRange(BigEndian(1));
        data.Add((byte)'r');
        data.Add(0);
        data.AddRange(BigEndian(count));
        data.AddRange(BigEndian(length));
        data.AddRange(payload);
        var bytes = data.ToArray();
        return [.. bytes, .. Mac.Compute(Context, bytes)];
    }

    private static byte[] BigEndian(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    [Fact]
    public void TryDecode_SendTimeAltered_RejectedAsUnsigned()
    {
        // The send time is signed: making a replayed message look recent breaks its signature.
        var message = SharedSnapshotCodec.Encode(Mac, Context, 5, 1, SentAt, "r", [new CloudTask { Name = Resource }], final: true, failed: false);
        message[1 + 8 + 8 + 7] ^= 1;

        Assert.False(SharedSnapshotCodec.TryDecode(Mac, Context, Resource, message, out _, out _, out _, out _, out _, out var reason));
        Assert.Equal(SharedSnapshotCodec.Reasons.Signature, reason);
    }
}
