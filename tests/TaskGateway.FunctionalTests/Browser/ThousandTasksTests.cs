using System.Globalization;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace TaskGateway.FunctionalTests.Browser;

/// <summary>
/// A collection of 1,000 tasks (a test-owned Astra upstream) on one page. The test asserts what renders; the time to
/// the last row is measured in the browser and reported (speed targets belong to benchmarks, not to a shared CI box).
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ThousandTasksTests(BrowserFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    // Runs before the console's own script: the first animation frames with a row and with every row record
    // performance.now(), milliseconds since the navigation started.
    private const string LastRowProbe = """
        (() => {
          const look = () => {
            const rows = document.querySelectorAll('#tasks tbody tr[data-name]').length;
            if (rows > 0 && window.__firstRowAt === undefined) {
              window.__firstRowAt = performance.now();
            }
            if (rows >= 1000) {
              window.__lastRowAt = performance.now();
              return;
            }
            requestAnimationFrame(look);
          };
          requestAnimationFrame(look);
        })();
        """;

    [SkippableFact]
    public async Task CollectionPage_ThousandTasksAtPageSize1000_AllRowsRenderedAndTimeReported()
    {
        await using var upstream = await ThousandTaskUpstream.StartAsync();
        await using var gateway = await BrowserGateways.StartAsync(BrowserGateways.Clock(), s => ThousandTaskUpstream.Configure(s, upstream));
        await using var session = await ConsoleSession.OpenAsync(fixture, gateway);
        var page = session.Page;
        await page.AddInitScriptAsync(LastRowProbe);

        await session.GotoAsync($"/console/{ThousandTaskUpstream.Parent}?pageSize=1000");

        var rows = page.Locator("#tasks tbody tr[data-name]");
        await Expect(rows).ToHaveCountAsync(ThousandTaskUpstream.Count, new() { Timeout = 60_000 });
        await Expect(page.Locator("#task-count")).ToHaveAttributeAsync("data-count", "1000");
        await page.WaitForFunctionAsync("() => window.__lastRowAt !== undefined");
        var ms = await page.EvaluateAsync<double>("() => window.__lastRowAt");
        var first = await page.EvaluateAsync<double>("() => window.__firstRowAt");
        var names = await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.name)");
        Assert.Equal(ThousandTaskUpstream.Count, names.Distinct().Count());
        Assert.All(names, n => Assert.StartsWith(ThousandTaskUpstream.Parent + "/", n, StringComparison.Ordinal));
        await Expect(page.Locator($"#tasks tbody tr[data-name='{ThousandTaskUpstream.Parent}/00000000-0000-4000-8000-000000000002']")).ToHaveAttributeAsync("data-state", "FAILED");

        // The first load is cold: a new gateway JIT-compiles its watch path and lists the 10 upstream pages before its
        // first event. Loaded again, the page reads the same collection from a warm gateway (the watch's poller still
        // holds it), so this time is the page's own: fetch, parse 1,000 events and lay out 1,000 rows.
        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => window.__lastRowAt !== undefined");
        await Expect(rows).ToHaveCountAsync(ThousandTaskUpstream.Count);
        var warm = await page.EvaluateAsync<double>("() => window.__lastRowAt");

        var report = new
        {
            tasks = ThousandTaskUpstream.Count, msFromNavigationToFirstRow = Math.Round(first, 1), msFromNavigationToLastRow = Math.Round(ms, 1),
            msFromNavigationToLastRowWarm = Math.Round(warm, 1), measured = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        var json = JsonSerializer.Serialize(report);
        output.WriteLine($"1,000 tasks: {ms:0} ms from navigation to the last row ({first:0} ms to the first) on a new gateway, {warm:0} ms loaded again ({json})");
        await File.WriteAllTextAsync(Screenshots.PathOf("thousand-tasks.json"), json);
        await session.ScreenshotAsync("collection-1000", fullPage: false);
    }

    [SkippableFact]
    public async Task Pager_ThousandTasksAtPageSize100_NextAndPreviousWalkDisjointPagesInTheUrl()
    {
        await using var upstream = await ThousandTaskUpstream.StartAsync();
        await using var gateway = await BrowserGateways.StartAsync(BrowserGateways.Clock(), s => ThousandTaskUpstream.Configure(s, upstream));
        await using var session = await ConsoleSession.OpenAsync(fixture, gateway);
        var page = session.Page;
        var rows = page.Locator("#tasks tbody tr[data-name]");
        var pager = page.Locator("#pager");

        await session.GotoAsync($"/console/{ThousandTaskUpstream.Parent}");
        await Expect(page.Locator("#task-count")).ToHaveAttributeAsync("data-count", "1000");
        await Expect(pager).ToContainTextAsync("Page 1 of 10");
        await Expect(rows).ToHaveCountAsync(100);
        var first = await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.name)");

        await pager.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("[?&]page=2(&|$)"));
        await Expect(pager).ToContainTextAsync("Page 2 of 10");
        await Expect(rows).ToHaveCountAsync(100);
        var second = await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.name)");
        Assert.Empty(first.Intersect(second));

        await pager.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Previous" }).ClickAsync();
        await Expect(pager).ToContainTextAsync("Page 1 of 10");
        Assert.Equal(first, await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.name)"));
    }
}
