using System.Text.RegularExpressions;
using TaskGateway.Watch;
using static Microsoft.Playwright.Assertions;

namespace TaskGateway.FunctionalTests.Browser;

/// <summary>One live task's page, kept current through WatchTask while the fake clock moves the sandbox's task.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed partial class TaskPageTests(BrowserFixture fixture)
{
    [GeneratedRegex(@"^[1-9][0-9]?(\.[0-9]+)?%$")]
    private static partial Regex Partly();

    [SkippableFact]
    public async Task TaskPage_LiveAstraTaskAsTheClockMoves_ProgressMovesWithoutReloadAndEndsSucceeded()
    {
        var time = BrowserGateways.Clock();
        await using var gateway = await BrowserGateways.StartAsync(time);
        await using var session = await ConsoleSession.OpenAsync(fixture, gateway);
        var page = session.Page;
        var key = new PollerKey("astra", Names.AstraLive, string.Empty);

        await session.GotoAsync($"/console/{Names.AstraLive}");
        await Expect(page.Locator("h1")).ToHaveTextAsync(Names.AstraLive[(Names.AstraLive.LastIndexOf('/') + 1)..]);
        await Expect(page.Locator("#task-fields dd[data-field='state']")).ToContainTextAsync("PENDING");
        await Expect(page.Locator("#stream-status")).ToHaveAttributeAsync("data-state", "live");
        // A reload would lose this mark: it proves every change below arrived in the same document.
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        await FakeClockDriver.DriveUntilAsync(gateway, time, key, Expect(page.Locator("#task-progress-text")).ToHaveTextAsync(Partly()));
        await Expect(page.Locator("#task-fields dd[data-field='state']")).ToContainTextAsync("RUNNING");
        var midway = await page.Locator("#task-progress").GetAttributeAsync("value");
        await session.ScreenshotAsync("task");
        await FakeClockDriver.DriveUntilAsync(gateway, time, key, Expect(page.Locator("#stream-status")).ToHaveAttributeAsync("data-state", "ended"));

        await Expect(page.Locator("#stream-status")).ToHaveTextAsync("Ended");
        await Expect(page.Locator("#task-fields dd[data-field='state']")).ToContainTextAsync("SUCCEEDED");
        await Expect(page.Locator("#task-progress-text")).ToHaveTextAsync("100%");
        await Expect(page.Locator("#task-progress")).ToHaveAttributeAsync("value", "100");
        Assert.NotEqual("100", midway);
        var timeline = await page.Locator("#timeline li").EvaluateAllAsync<string[]>("ls => ls.map(l => l.dataset.state)");
        Assert.Equal(["PENDING", "RUNNING", "SUCCEEDED"], timeline);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        await session.ScreenshotAsync("task-ended");
    }
}
