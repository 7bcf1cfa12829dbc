using System.Security.Cryptography;
using System.Text;
using TaskGateway.Events;
using TaskGateway.Events.Engine;

namespace TaskGateway.Tests.Events.Engine;

public class EventIdsTests
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    [Fact]
    public void Of_SameSubscriptionAndState_SameIdEveryTime()
    {
        var key = EventIds.DedupeKey("sources/src/accounts/a/tasks/t1", "etag-1");

        Assert.Equal(EventIds.Of("s1", key), EventIds.Of("s1", key));
        Assert.NotEqual(EventIds.Of("s1", key), EventIds.Of("s2", key));
        Assert.NotEqual(EventIds.Of("s1", key), EventIds.Of("s1", EventIds.DedupeKey("sources/src/accounts/a/tasks/t1", "etag-2")));
    }

    [Fact]
    public void Of_Any_EvtAnd26Base32CharactersOfTheSha256()
    {
        var id = EventIds.Of("s1", "name\netag");

        Assert.Matches("^evt_[a-z2-7]{26}$", id);
        // Decoded independently: the 130 bits are the hash's first 130 bits.
        var bits = new StringBuilder();
        foreach (var c in id[4..])
        {
            bits.Append(Convert.ToString(Alphabet.IndexOf(c, StringComparison.Ordinal), 2).PadLeft(5, '0'));
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("s1\nname\netag"));
        var expected = string.Concat(hash.Take(17).Select(b => Convert.ToString(b, 2).PadLeft(8, '0')))[..130];
        Assert.Equal(expected, bits.ToString());
    }

    [Fact]
    public void Build_TaskState_EventWithDedupeKeySubjectTimeAndRestJson()
    {
        var task = EngineTestKit.Task("t1", "etag-1");
        var seen = new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

        var e = EventOutbox.Build("s1", EventTypes.Changed, task, seen, final: false);

        Assert.Equal($"{task.Name}\netag-1", e.DedupeKey);
        Assert.Equal(EventIds.Of("s1", e.DedupeKey), e.EventId);
        Assert.Equal(task.Name, e.Subject);
        Assert.Equal(seen, e.Time);
        Assert.Equal(TaskJson.Format(task), e.Data);
        Assert.Contains("\"state\":\"RUNNING\"", e.Data, StringComparison.Ordinal);
    }
}
