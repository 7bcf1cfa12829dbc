using TaskGateway.Watch;
using static Microsoft.Playwright.Assertions;

namespace TaskGateway.FunctionalTests.Browser;

/// <summary>One live task's page, kept current through WatchTask while the fake clock moves the sandbox's task.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class TaskPageTests(BrowserFixture fixture)
{
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

        // At 16 s on the sandbox's timeline the backup runs, 22 % done; the clock then stands still until the page shows it.
        await FakeClockDriver.AdvanceToAsync(gateway, time, key, time.GetUtcNow() + TimeSpan.FromSeconds(16));
        await Expect(page.Locator("#task-progress-text")).ToHaveTextAsync("22%");
        await Expect(page.Locator("#task-progress")).ToHaveAttributeAsync("value", "22");
        await Expect(page.Locator("#task-fields dd[data-field='state']")).ToContainTextAsync("RUNNING");
        await session.ScreenshotAsync("task");
        await ScreenshotCollectionAsync(session);
        await FakeClockDriver.DriveUntilAsync(gateway, time, key, Expect(page.Locator("#stream-status")).ToHaveAttributeAsync("data-state", "ended", new() { Timeout = FakeClockDriver.DriveTimeout }));

        await Expect(page.Locator("#stream-status")).ToHaveTextAsync("Ended");
        await Expect(page.Locator("#task-fields dd[data-field='state']")).ToContainTextAsync("SUCCEEDED");
        await Expect(page.Locator("#task-progress-text")).ToHaveTextAsync("100%");
        await Expect(page.Locator("#task-progress")).ToHaveAttributeAsync("value", "100");
        var timeline = await page.Locator("#timeline li").EvaluateAllAsync<string[]>("ls => ls.map(l => l.dataset.state)");
        Assert.Equal(["PENDING", "RUNNING", "SUCCEEDED"], timeline);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        await session.ScreenshotAsync("task-ended");
    }

    // The live task's collection, mid-way, in a second tab (the one docs/images/console.png is taken from).
    private static async Task ScreenshotCollectionAsync(ConsoleSession session)
    {
        var tab = await session.Context.NewPageAsync();
        await tab.GotoAsync(session.Url($"/console/{Names.AstraParent}/tasks"));
        await Expect(tab.Locator($"#tasks tbody tr[data-name='{Names.AstraLive}']")).ToHaveAttributeAsync("data-state", "RUNNING");
        await Expect(tab.Locator("#stream-status")).ToHaveAttributeAsync("data-state", "live");
        await tab.ScreenshotAsync(new() { Path = Screenshots.PathOf("collection.png") });
        await tab.CloseAsync();
    }
}
