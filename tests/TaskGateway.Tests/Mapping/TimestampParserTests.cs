using TaskGateway.Core.Mapping;

namespace TaskGateway.Tests.Mapping;

public class TimestampParserTests
{
    [Theory]
    [InlineData("2021-08-19T01:52:49Z", 1629337969, 0)]
    [InlineData("2021-08-19T01:52:49.4Z", 1629337969, 400_000_000)]
    [InlineData("2021-08-19T01:52:49.493Z", 1629337969, 493_000_000)]
    [InlineData("2021-08-19T01:52:49.123456789Z", 1629337969, 123_456_789)]
    [InlineData("2021-08-19t01:52:49.1234567z", 1629337969, 123_456_700)]
    [InlineData("2021-08-19T09:52:49.5+08:00", 1629337969, 500_000_000)]
    [InlineData("2021-08-18T21:52:49-04:00", 1629337969, 0)]
    [InlineData("20210819T015249Z", 1629337969, 0)]
    public void TryParse_ZeroToNineFractionDigitsAndOffsets_ExactSecondsAndNanos(string text, long seconds, int nanos)
    {
        Assert.True(TimestampParser.TryParse(text, out var t));
        Assert.Equal(seconds, t.Seconds);
        Assert.Equal(nanos, t.Nanos);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2021-08-19")]
    [InlineData("2021-08-19T01:52:49")]
    [InlineData("2021-08-19T01:52:49.Z")]
    [InlineData("2021-08-19T01:52:49.1234567890Z")]
    [InlineData("2021-02-30T01:52:49Z")]
    [InlineData("2021-08-19T24:00:00Z")]
    [InlineData("2021-08-19T01:52:49Zjunk")]
    [InlineData("yesterday")]
    public void TryParse_Invalid_False(string text) => Assert.False(TimestampParser.TryParse(text, out _));
}
