using Microsoft.Extensions.Time.Testing;
using TaskGateway.ScaleOut;

namespace TaskGateway.Tests.ScaleOut;

/// <summary>
/// A genuine message replayed later (anyone who can read Redis can: SUBSCRIBE, GET) must not be believed: it would end
/// streams with a state that is no longer true, or send watchers back in time.
/// </summary>
public class SharedStateAdmissionTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);

    [Fact]
    public void Admit_GenuineMessageReplayedAfterTheTtl_StaleForANewFollower()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var sentAt = time.GetUtcNow().ToUnixTimeMilliseconds();
        time.Advance(Ttl + TimeSpan.FromMilliseconds(1));

        // A replica that has seen nothing of the key yet: ordering alone would believe anything.
        var verdict = new SharedStateAdmission(time, Ttl).Admit(fence: 100, sequence: 1, sentAt, leading: false);

        Assert.Equal(SharedStateVerdict.Stale, verdict);
    }

    [Fact]
    public void Admit_MessageFromTheFuture_Stale()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var sentAt = (time.GetUtcNow() + Ttl + TimeSpan.FromSeconds(1)).ToUnixTimeMilliseconds();

        Assert.Equal(SharedStateVerdict.Stale, new SharedStateAdmission(time, Ttl).Admit(100, 1, sentAt, leading: false));
    }

    [Fact]
    public void Admit_RecentMessageWithinTheTtl_Admitted()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var sentAt = time.GetUtcNow().ToUnixTimeMilliseconds();
        time.Advance(Ttl - TimeSpan.FromMilliseconds(1));

        Assert.Equal(SharedStateVerdict.Admitted, new SharedStateAdmission(time, Ttl).Admit(100, 1, sentAt, leading: false));
    }

    [Fact]
    public void Admit_WhileLeading_IgnoredEvenWhenRecentAndNewer()
    {
        var time = new FakeTimeProvider();
        var admission = new SharedStateAdmission(time, Ttl);
        admission.Led(100);

        Assert.Equal(SharedStateVerdict.Ignored, admission.Admit(fence: 200, sequence: 1, time.GetUtcNow().ToUnixTimeMilliseconds(), leading: true));
    }

    [Fact]
    public void Admit_AfterLeadingThenFollowing_MessagesOfEarlierTermsIgnored()
    {
        var time = new FakeTimeProvider();
        var admission = new SharedStateAdmission(time, Ttl);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        admission.Led(100);

        // This replica led with fence 100: a former leader's (99) recent message is no news once it has lost the lease.
        Assert.Equal(SharedStateVerdict.Ignored, admission.Admit(99, 50, now, leading: false));
        Assert.Equal(SharedStateVerdict.Admitted, admission.Admit(101, 1, now, leading: false));
    }

    [Fact]
    public void Admit_OlderSequenceOfTheSameLeader_Ignored()
    {
        var time = new FakeTimeProvider();
        var admission = new SharedStateAdmission(time, Ttl);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();

        Assert.Equal(SharedStateVerdict.Admitted, admission.Admit(7, 5, now, leading: false));
        Assert.Equal(SharedStateVerdict.Ignored, admission.Admit(7, 4, now, leading: false));
        Assert.Equal(SharedStateVerdict.Admitted, admission.Admit(7, 5, now, leading: false));
    }
}
