using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Sources;
using TaskGateway.Events.Engine;
using TaskGateway.Tests.Watch;
using TaskGateway.Watch;

namespace TaskGateway.Tests.Events.Engine;

/// <summary>
/// What a stored subscription polls: the source's own credentials, never a caller's token; a source switched to
/// callers' tokens after the subscription was made (push review L7) leaves it nothing to poll with, and it must not
/// poll without a token.
/// </summary>
public class WatchTargetTests
{
    [Fact]
    public void Of_TaskOnSourceWithOwnCredentials_ResolvesWithTheGatewayCredentials()
    {
        var spec = WatchTarget.Of(EngineTestKit.TaskSubscription("s1", "t1"), Sources(new AuthOptions { Scheme = "Token", Token = "gateway" }), new WatchOptions());

        Assert.Equal(EngineTestKit.KeyOf(EngineTestKit.TaskName("t1")), spec.Key);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public void Of_SourceSwitchedToCallerTokens_ThrowsSubscriptionSourcePassesCallerToken(bool taskTarget, bool gatewayTokenFallback)
    {
        var subscription = taskTarget ? EngineTestKit.TaskSubscription("s1", "t1") : EngineTestKit.CollectionSubscription("s1");
        var sources = Sources(PassThrough(gatewayTokenFallback));

        var e = Assert.Throws<GatewayException>(() => WatchTarget.Of(subscription, sources, new WatchOptions()));

        Assert.Equal(ErrorReason.SubscriptionSourcePassesCallerToken, e.Reason);
        Assert.Equal("src", e.Metadata["source"]);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public async Task Watcher_SourceSwitchedToCallerTokens_NeverPollsTheBackend(bool taskTarget, bool gatewayTokenFallback)
    {
        await using var kit = new EngineTestKit(sourceAuth: PassThrough(gatewayTokenFallback));
        kit.Store.Add(taskTarget ? EngineTestKit.TaskSubscription("s1", "t1") : EngineTestKit.CollectionSubscription("s1"));
        await kit.StartAsync();

        // The watch fails to resolve its target and pauses on its backoff, a timer of the fake clock (1 s, then 2 s, ...):
        // three pauses, each run out, are three tries that found nothing to poll with.
        foreach (var due in new[] { Backoff.First, Backoff.First * 2, Backoff.First * 4 })
        {
            await WatchTestKit.Until(() => kit.Time.DueTimes.Contains(due));
            kit.Time.Advance(due);
        }

        Assert.Equal(0, kit.Backend.Reads);
        Assert.Equal(0, kit.Watch.Observer.PollsOf(EngineTestKit.KeyOf(taskTarget ? EngineTestKit.TaskName("t1") : EngineTestKit.Parent)));
    }

    // As start-up accepts them: the gateway's own token only with the fallback switched on.
    private static AuthOptions PassThrough(bool gatewayTokenFallback) => gatewayTokenFallback
        ? new AuthOptions { Scheme = "Token", Token = "gateway", PassCallerToken = true, AllowGatewayTokenFallback = true }
        : new AuthOptions { Scheme = "Token", PassCallerToken = true };

    private static SourceRegistry Sources(AuthOptions auth) =>
        new([("src", new ScriptedBackend(), new SourceOptions { Auth = auth, MinPollInterval = EngineTestKit.PollInterval, MaxPollInterval = EngineTestKit.PollInterval })]);
}
