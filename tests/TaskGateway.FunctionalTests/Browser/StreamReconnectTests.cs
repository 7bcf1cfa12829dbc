using System.Text.RegularExpressions;
using TaskGateway.Watch;
using static Microsoft.Playwright.Assertions;

namespace TaskGateway.FunctionalTests.Browser;

/// <summary>A collection's stream that the server ends at its maximum duration: the page reconnects with its resume token.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed partial class StreamReconnectTests(BrowserFixture fixture)
{
    private const string Parent = Names.AstraParent + "/tasks";

    [GeneratedRegex(@"^Live \(reconnected [1-9][0-9]*×, resumed\)$")]
    private static partial Regex Resumed();

    [SkippableFact]
    public async Task CollectionPage_ServerEndsStreamAtMaxDuration_ReconnectsResumedRowsKeptAndChangesStillArrive()
    {
        var time = BrowserGateways.Clock();
        await using var gateway = await BrowserGateways.StartAsync(time, s => s["TaskGateway:Watch:MaxStreamDuration"] = "00:00:10");
        // The collection's size from ListTasks, not from the page: the page's count is read while the initial state
        // may still be arriving (its renders are batched), so it can be a part of the collection.
        var total = (await RestApi.ListNamesAsync(gateway.Rest, Parent, string.Empty)).Count;
        Assert.True(total >= 2, "the collection needs several tasks");
        var count = total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var session = await ConsoleSession.OpenAsync(fixture, gateway);
        var page = session.Page;
        var key = new PollerKey("astra", Names.AstraParent, string.Empty);
        var live = page.Locator($"#tasks tbody tr[data-name='{Names.AstraLive}']");
        var status = page.Locator("#stream-status");

        await session.GotoAsync($"/console/{Parent}");
        var rows = page.Locator("#tasks tbody tr[data-name]");
        await Expect(status).ToHaveAttributeAsync("data-state", "live");
        await Expect(page.Locator("#task-count")).ToHaveAttributeAsync("data-count", count);
        await Expect(rows).ToHaveCountAsync(total);
        await Expect(live).ToHaveAttributeAsync("data-state", "PENDING");
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        // Past the 10 s maximum the server ends the stream (UNAVAILABLE, STREAM_DURATION_EXCEEDED); the clock then
        // stands still at 11 s (the backup running since 5 s) while the page comes back.
        await FakeClockDriver.AdvanceToAsync(gateway, time, key, time.GetUtcNow() + TimeSpan.FromSeconds(11));
        await Expect(status).ToHaveTextAsync(Resumed());
        await Expect(status).ToHaveAttributeAsync("data-state", "live");
        await Expect(live).ToHaveAttributeAsync("data-state", "RUNNING");
        Assert.NotEqual("0", await status.GetAttributeAsync("data-reconnects"));
        await Expect(rows).ToHaveCountAsync(total);
        await Expect(page.Locator("#task-count")).ToHaveAttributeAsync("data-count", count);
        await session.ScreenshotAsync("collection-reconnected");
        var watches = session.Requests.Where(r => r.Url.Contains(":watch", StringComparison.Ordinal)).ToList();
        Assert.True(watches.Count >= 2, $"{watches.Count} watch requests: no reconnect was made");
        Assert.Contains(watches, r => r.Url.Contains("resumeToken=", StringComparison.Ordinal) || r.Headers.ContainsKey("last-event-id"));

        // Changes after the reconnect still arrive (through further reconnects every 10 s): the backup completes at 55 s.
        await FakeClockDriver.DriveUntilAsync(gateway, time, key, Expect(live).ToHaveAttributeAsync("data-state", "SUCCEEDED", new() { Timeout = FakeClockDriver.DriveTimeout }));
        await Expect(rows).ToHaveCountAsync(total);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
    }
}
