using Google.Protobuf.WellKnownTypes;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Mapping;

namespace TaskGateway.Tests.Mapping;

/// <summary>
/// Kills the Mapping mutants the 3 December Stryker run left alive (docs/quality-triage.md, "Second run"): a zone
/// offset with minutes, and an etag that must depend on the task's content, not only its size.
/// </summary>
public class TimestampOffsetMutantTests
{
    [Theory]
    [InlineData("2024-01-01T05:30:00+05:30", "2024-01-01T00:00:00Z")]
    [InlineData("2023-12-31T18:15:00-05:45", "2024-01-01T00:00:00Z")]
    public void TryParse_OffsetWithMinutes_HoursAndMinutesBothCount(string text, string utc)
    {
        Assert.True(TimestampParser.TryParse(text, out var parsed));

        Assert.Equal(Timestamp.FromDateTime(DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal)), parsed);
    }

    [Fact]
    public void Stamp_SameSizeDifferentContent_DifferentEtags()
    {
        var a = new CloudTask { Name = "sources/s/tasks/a" };
        var b = new CloudTask { Name = "sources/s/tasks/b" };

        Etag.Stamp(a);
        Etag.Stamp(b);

        Assert.NotEqual(a.Etag, b.Etag);
    }
}
