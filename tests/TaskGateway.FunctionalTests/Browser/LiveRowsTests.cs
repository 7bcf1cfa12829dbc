using TaskGateway.Watch;
using static Microsoft.Playwright.Assertions;

namespace TaskGateway.FunctionalTests.Browser;

/// <summary>A filtered collection kept live: tasks enter and leave the filter as the sandbox's clock moves, without a reload.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class LiveRowsTests(BrowserFixture fixture)
{
    private const string Task2 = Names.AstraParent + "/tasks/a1b2c3d4-0000-4000-8000-000000000002";
    private const string Task3 = Names.AstraParent + "/tasks/a1b2c3d4-0000-4000-8000-000000000003";

    [SkippableFact]
    public async Task CollectionPage_FilterStateRunningAsTheClockMoves_RowsAddedAndRemovedWithoutReload()
    {
        var time = BrowserGateways.Clock();
        var start = time.GetUtcNow();
        await using var gateway = await BrowserGateways.StartAsync(time);
        await using var session = await ConsoleSession.OpenAsync(fixture, gateway);
        var page = session.Page;
        var key = new PollerKey("astra", Names.AstraParent, string.Empty);
        var rows = page.Locator("#tasks tbody tr[data-name]");
        var count = page.Locator("#task-count");

        // At 0 s the backup and its two subtasks have not started: nothing runs.
        await session.GotoAsync($"/console/{Names.AstraParent}/tasks?filter=state%20%3D%20RUNNING");
        await Expect(page.Locator("#stream-status")).ToHaveAttributeAsync("data-state", "live");
        await Expect(count).ToHaveAttributeAsync("data-count", "0");
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        // 6 s: the backup and its snapshot run (ADDED).
        await FakeClockDriver.AdvanceToAsync(gateway, time, key, start + TimeSpan.FromSeconds(6));
        await Expect(count).ToHaveAttributeAsync("data-count", "2");
        Assert.Equal([Names.AstraLive, Task2], await NamesAsync());

        // 26 s: the snapshot completed (REMOVED), the copy runs (ADDED).
        await FakeClockDriver.AdvanceToAsync(gateway, time, key, start + TimeSpan.FromSeconds(26));
        await Expect(Row(Task3)).ToHaveAttributeAsync("data-state", "RUNNING");
        await Expect(Row(Task2)).ToHaveCountAsync(0);
        await Expect(count).ToHaveAttributeAsync("data-count", "2");
        Assert.Equal([Names.AstraLive, Task3], await NamesAsync());

        // 56 s: both completed; nothing runs any more.
        await FakeClockDriver.AdvanceToAsync(gateway, time, key, start + TimeSpan.FromSeconds(56));
        await Expect(count).ToHaveAttributeAsync("data-count", "0");
        await Expect(rows).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");

        Microsoft.Playwright.ILocator Row(string name) => page.Locator($"#tasks tbody tr[data-name='{name}']");

        async Task<string[]> NamesAsync() => [.. (await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.name)")).Order(StringComparer.Ordinal)];
    }
}
