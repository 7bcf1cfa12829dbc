using TaskGateway.Contracts.V1;
using TaskGateway.ScaleOut;

namespace TaskGateway.Tests.ScaleOut;

public class SharedSnapshotCodecTests
{
    [Fact]
    public void Encode_ThenDecode_SameFenceSenderTasksAndFlags()
    {
        CloudTask[] tasks = [new() { Name = "sources/a/accounts/b/tasks/c", Etag = "e1", Labels = { ["k"] = "v" } }, new() { Name = "n2" }];

        var ok = SharedSnapshotCodec.TryDecode(SharedSnapshotCodec.Encode(42, 7, "replica:1", tasks, final: true, failed: false), out var fence, out var sequence, out var sender, out var snapshot);

        Assert.True(ok);
        Assert.Equal(42, fence);
        Assert.Equal(7, sequence);
        Assert.Equal("replica:1", sender);
        Assert.Equal(tasks, snapshot.Tasks);
        Assert.True(snapshot.Final);
        Assert.False(snapshot.Failed);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 9, 0, 0 })]
    [InlineData(new byte[] { 1, 1, 2, 3 })]
    public void TryDecode_Garbage_FalseNeverThrows(byte[] message) =>
        Assert.False(SharedSnapshotCodec.TryDecode(message, out _, out _, out _, out _));

    [Fact]
    public void TryDecode_TruncatedMessage_False()
    {
        var message = SharedSnapshotCodec.Encode(1, 1, "r", [new CloudTask { Name = "n" }], final: false, failed: false);

        Assert.False(SharedSnapshotCodec.TryDecode(message[..^2], out _, out _, out _, out _));
    }

    [Theory]
    [InlineData("redis:6379", "00:00:10", true)]
    [InlineData("redis:6379,password=p,ssl=true", "00:00:03", true)]
    [InlineData("redis:6379", "00:00:00.5", false)]
    [InlineData("redis:6379,nonsense=1", "00:00:10", false)]
    public void RedisOptionsValidator_Settings_CheckedWithoutEchoingTheConfiguration(string configuration, string ttl, bool valid)
    {
        var result = new RedisOptionsValidator().Validate(null, new RedisOptions { Configuration = configuration, LeaseTtl = TimeSpan.Parse(ttl, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(valid, result.Succeeded);
        Assert.DoesNotContain("password=p", result.FailureMessage ?? string.Empty, StringComparison.Ordinal);
    }
}
