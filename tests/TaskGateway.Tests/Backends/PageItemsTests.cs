using TaskGateway.Backends.Common;

namespace TaskGateway.Tests.Backends;

public class PageItemsTests
{
    [Fact]
    public void MarkerListEnded_FullPageWithMarkerAndCountReached_NotEnded() =>
        // page.count said 10 when the first pages were read; a task created since makes an eleventh.
        Assert.False(PageItems.MarkerListEnded(received: 5, requested: 5, marker: "5c90fa7d3c4e4405e8525079"));

    [Theory]
    [InlineData(4, 5, "5c90fa7d3c4e4405e8525079")]
    [InlineData(5, 5, null)]
    [InlineData(5, 5, "")]
    [InlineData(0, 5, "5c90fa7d3c4e4405e8525079")]
    public void MarkerListEnded_ShortPageOrNoMarker_Ended(int received, int requested, string? marker) =>
        Assert.True(PageItems.MarkerListEnded(received, requested, marker));
}
