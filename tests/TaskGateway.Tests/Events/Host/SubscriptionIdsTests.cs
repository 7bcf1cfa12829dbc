using Microsoft.Extensions.Time.Testing;
using TaskGateway.Services;

namespace TaskGateway.Tests.Events.Host;

/// <summary>Ids: 26 lowercase Crockford base32 characters, the first ten the time, sorting in creation order.</summary>
public class SubscriptionIdsTests
{
    [Fact]
    public void New_AtTheEpochAndOneMillisecondLater_TimePartEncodesTheMilliseconds()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);

        var first = SubscriptionIds.New(time);
        time.Advance(TimeSpan.FromMilliseconds(33));
        var second = SubscriptionIds.New(time);

        Assert.Equal("0000000000", first[..10]);
        Assert.Equal("0000000011", second[..10]);
        Assert.True(SubscriptionIds.IsValid(first) && SubscriptionIds.IsValid(second));
    }

    [Fact]
    public void New_EachMillisecondOverAYear_SortInCreationOrderAndNeverRepeat()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));
        var ids = new List<string>();
        for (var i = 0; i < 2000; i++)
        {
            ids.Add(SubscriptionIds.New(time));
            time.Advance(TimeSpan.FromMilliseconds(1 + (i * 7919L % 20_000_000)));
        }

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(SubscriptionIds.Length, id.Length));
    }

    [Fact]
    public void New_SameMillisecond_RandomPartDiffers()
    {
        var time = new FakeTimeProvider();

        Assert.NotEqual(SubscriptionIds.New(time), SubscriptionIds.New(time));
    }

    [Theory]
    [InlineData("01jdz0v1w8q7n0xg5r4d3c2b1a", true)]
    [InlineData("7zzzzzzzzzzzzzzzzzzzzzzzzz", true)]
    [InlineData("8zzzzzzzzzzzzzzzzzzzzzzzzz", false)]
    [InlineData("01JDZ0V1W8Q7N0XG5R4D3C2B1A", false)]
    [InlineData("01jdz0v1w8q7n0xg5r4d3c2b1i", false)]
    [InlineData("01jdz0v1w8q7n0xg5r4d3c2b1l", false)]
    [InlineData("01jdz0v1w8q7n0xg5r4d3c2b1o", false)]
    [InlineData("01jdz0v1w8q7n0xg5r4d3c2b1", false)]
    [InlineData("01jdz0v1w8q7n0xg5r4d3c2b1aa", false)]
    [InlineData("", false)]
    public void IsValid_Ids_OnlyTwentySixCrockfordCharactersUpTo128Bits(string id, bool valid) =>
        Assert.Equal(valid, SubscriptionIds.IsValid(id));
}
