using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TaskGateway.FunctionalTests.Browser;

/// <summary>A collection's page opened from a deep link: its filter, and a filter the gateway refuses.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class CollectionPageTests(BrowserFixture fixture)
{
    // IoTDA instance tasks: successes with a failure every seventh, and a live task.
    private const string Parent = Names.IotdaParent + "/tasks";

    [SkippableFact]
    public async Task CollectionPage_DeepLinkWithStateFilter_OnlyMatchingTasksAsManyAsListTasksReturns()
    {
        await using var gateway = await BrowserGateways.StartAsync(BrowserGateways.Clock());
        var expected = await RestApi.ListNamesAsync(gateway.Rest, Parent, "state = FAILED");
        var all = await RestApi.ListNamesAsync(gateway.Rest, Parent, "state != FAILED");
        Assert.True(expected.Count >= 2 && all.Count >= 2, "the collection needs failed and other tasks");
        await using var session = await ConsoleSession.OpenAsync(fixture, gateway);
        var page = session.Page;

        await session.GotoAsync($"/console/{Parent}?filter=state%20%3D%20FAILED");

        var rows = page.Locator("#tasks tbody tr[data-name]");
        await Expect(page.Locator("#task-count")).ToHaveAttributeAsync("data-count", expected.Count.ToString());
        await Expect(rows).ToHaveCountAsync(expected.Count);
        await Expect(page.Locator("#filter")).ToHaveValueAsync("state = FAILED");
        Assert.All(await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.state)"), s => Assert.Equal("FAILED", s));
        Assert.Equal(expected.Order(StringComparer.Ordinal), (await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.name)")).Order(StringComparer.Ordinal));
        await session.ScreenshotAsync("collection-filtered");
    }

    [SkippableFact]
    public async Task CollectionPage_BrokenFilter_InvalidArgumentInlineWithReasonAndFilterViolation()
    {
        await using var gateway = await BrowserGateways.StartAsync(BrowserGateways.Clock());
        var reason = await RestApi.ErrorReasonAsync(gateway.Rest, $"/v1/{Parent}?filter=state%20%3D%3D");
        await using var session = await ConsoleSession.OpenAsync(fixture, gateway);
        var page = session.Page;

        await session.GotoAsync($"/console/{Parent}?filter=state%20%3D%3D");

        var error = page.Locator("[role=alert].error");
        await Expect(error).ToHaveAttributeAsync("data-code", "INVALID_ARGUMENT");
        await Expect(error).ToHaveAttributeAsync("data-reason", reason);
        await Expect(error).ToContainTextAsync("INVALID_ARGUMENT");
        await Expect(error).ToContainTextAsync(reason);
        var violation = error.Locator("ul.field-violations li[data-field='filter']");
        await Expect(violation).ToBeVisibleAsync();
        await Expect(violation).ToContainTextAsync("filter:");
        // Not a blank page: the navigation and the filter box (to correct it) are still there.
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Console" })).ToBeVisibleAsync();
        await Expect(page.Locator("#filter")).ToHaveValueAsync("state ==");
        await session.ScreenshotAsync("error-invalid-filter");
    }
}
