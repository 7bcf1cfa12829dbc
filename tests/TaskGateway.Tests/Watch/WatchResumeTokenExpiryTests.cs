using System.Security.Cryptography;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Filtering;
using TaskGateway.Core.Paging;
using TaskGateway.Watch;

namespace TaskGateway.Tests.Watch;

/// <summary>A resume token expires like a page token, and the caller is told so on resume_token.</summary>
public class WatchResumeTokenExpiryTests
{
    [Fact]
    public void ReadResumeToken_PastMaxAge_InvalidArgumentOnResumeTokenSayingItExpired()
    {
        var kit = new WatchTestKit(_ => [WatchTestKit.Task("a")]);
        var codec = new PageTokenCodec(RandomNumberGenerator.GetBytes(32), kit.Time, TimeSpan.FromHours(1));
        var streams = kit.Streams(codec);
        var token = codec.Encode($"watch\n{kit.Key.Source}\n{kit.Key.Resource}\n", new PageCursor(0, "digest"));
        var spec = new WatchSpec(kit.Key, () => kit.Source, WatchTestKit.Interval, WatchTestKit.Interval, TaskFilter.All, SingleTask: true, token);

        Assert.Equal("digest", streams.ReadResumeToken(spec));
        kit.Time.Advance(TimeSpan.FromHours(1));
        var e = Assert.Throws<RequestValidationException>(() => streams.ReadResumeToken(spec));

        var violation = Assert.Single(e.Violations);
        Assert.Equal("resume_token", violation.Field);
        Assert.Contains("expired", violation.Description, StringComparison.Ordinal);
    }
}
