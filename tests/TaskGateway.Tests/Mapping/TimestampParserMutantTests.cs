using System.Text.Json;
using TaskGateway.Core.Mapping;

namespace TaskGateway.Tests.Mapping;

/// <summary>Kills the mutants Stryker left alive in TimestampParser and JsonStruct (docs/quality-triage.md).</summary>
public class TimestampParserMutantTests
{
    [Theory]
    [InlineData("0001-01-01T00:00:00Z", true)]
    [InlineData("0000-01-01T00:00:00Z", false)]
    [InlineData("2024-01-01T00:00:00Z", true)]
    [InlineData("2024-12-01T00:00:00Z", true)]
    [InlineData("2024-00-01T00:00:00Z", false)]
    [InlineData("2024-13-01T00:00:00Z", false)]
    [InlineData("2024-01-00T00:00:00Z", false)]
    [InlineData("2024-01-31T00:00:00Z", true)]
    [InlineData("2024-02-29T00:00:00Z", true)]
    [InlineData("2023-02-29T00:00:00Z", false)]
    [InlineData("2024-01-01T23:59:59Z", true)]
    [InlineData("2024-01-01T24:00:00Z", false)]
    [InlineData("2024-01-01T00:60:00Z", false)]
    [InlineData("2024-01-01T00:00:60Z", false)]
    [InlineData("2024-01-01T00:00:00.5", false)]
    [InlineData("2024-1/-01T00:00:00Z", false)]
    [InlineData("20241/01T000000Z", false)]
    public void TryParse_FieldsAtTheirEdges(string text, bool valid) => Assert.Equal(valid, TimestampParser.TryParse(text, out _));

    [Fact]
    public void TryParse_LastSecondOfTheDay_ExactInstant()
    {
        Assert.True(TimestampParser.TryParse("2024-12-31T23:59:59Z", out var t));
        Assert.Equal(DateTimeOffset.Parse("2024-12-31T23:59:59Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds(), t.Seconds);
    }

    [Fact]
    public void FromObject_Booleans_KeptAsBooleans()
    {
        using var doc = JsonDocument.Parse("{\"yes\": true, \"no\": false}");
        var result = JsonStruct.FromObject(doc.RootElement)!;

        Assert.True(result.Fields["yes"].BoolValue);
        Assert.False(result.Fields["no"].BoolValue);
        Assert.Equal(Google.Protobuf.WellKnownTypes.Value.KindOneofCase.BoolValue, result.Fields["no"].KindCase);
    }
}
