using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TaskGateway.FunctionalTests.Browser;

/// <summary>Narrow screens, the keyboard, dark mode and the browser's history.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed partial class LayoutTests(BrowserFixture fixture) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tg-browser-layout-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private const string Parent = Names.IotdaParent + "/tasks";

    [GeneratedRegex(@"[?&]filter=state(%20|\+)%3D(%20|\+)FAILED")]
    private static partial Regex FailedFilterInUrl();

    [SkippableFact]
    public async Task EveryPage_At390PxWide_NoHorizontalScroll()
    {
        await using var gateway = await BrowserGateways.StartAsync(BrowserGateways.Clock());
        await using var session = await ConsoleSession.OpenAsync(fixture, gateway, new() { ViewportSize = new() { Width = 390, Height = 844 } });
        var page = session.Page;

        foreach (var (name, path, ready) in ConsolePages.All)
        {
            await session.GotoAsync(path);
            await Expect(page.Locator(ready).First).ToBeVisibleAsync();
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
            var (scroll, client) = (widths[0], widths[1]);
            Assert.True(scroll <= client, $"the {name} page is {scroll} px wide in a {client} px viewport");
            await session.ScreenshotAsync($"{name}-390");
        }
    }

    [SkippableFact]
    public async Task EveryPage_At1280PxWide_EveryTableFitsWithoutScrolling()
    {
        await using var gateway = await BrowserGateways.StartAsync(BrowserGateways.Clock(), s =>
        {
            s["TaskGateway:Events:SqlitePath"] = Path.Combine(_folder, "events.db");
            s["TaskGateway:Events:AllowedSinkHosts:0"] = "127.0.0.1";
        });
        await using var session = await ConsoleSession.OpenAsync(fixture, gateway);
        var page = session.Page;
        await session.GotoAsync("/console/subscriptions");
        await page.Locator("#sub-target").FillAsync(Names.AstraLive);
        await page.Locator("#sub-sink").FillAsync("http://127.0.0.1:9/taskgateway/a-long-path-as-sinks-often-have");
        await page.Locator("#subscription-form").GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page.Locator("#subscriptions tr[data-name]")).ToHaveCountAsync(1);

        foreach (var (name, path, ready) in ConsolePages.All)
        {
            await session.GotoAsync(path);
            await Expect(page.Locator(ready).First).ToBeVisibleAsync();
            // Wider than its box, a table scrolls inside it: at 1280 px nothing should need that, not even the last column.
            var overflowing = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('table')].filter(t => t.scrollWidth > t.parentElement.clientWidth + 1 || t.getBoundingClientRect().right > document.documentElement.clientWidth).map(t => t.id || t.className)");
            Assert.True(overflowing.Length == 0, $"on the {name} page these tables are wider than their box at 1280 px: {string.Join(", ", overflowing)}");
        }
    }

    [SkippableFact]
    public async Task CollectionPage_TabToFilterTypeAndEnter_UrlCarriesTheFilter()
    {
        await using var gateway = await BrowserGateways.StartAsync(BrowserGateways.Clock());
        await using var session = await ConsoleSession.OpenAsync(fixture, gateway);
        var page = session.Page;
        await session.GotoAsync($"/console/{Parent}");
        await Expect(page.Locator("#tasks tbody tr[data-name]").First).ToBeVisibleAsync();

        for (var i = 0; i < 40 && await page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''") != "filter"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Expect(page.Locator("#filter")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("state = FAILED");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(FailedFilterInUrl());
        await Expect(page.Locator("#tasks tbody tr[data-name][data-state='FAILED']").First).ToBeVisibleAsync();
        await Expect(page.Locator("#tasks tbody tr[data-name]:not([data-state='FAILED'])")).ToHaveCountAsync(0);
    }

    [SkippableFact]
    public async Task SourcesPage_PrefersColorSchemeDark_BackgroundChanges()
    {
        await using var gateway = await BrowserGateways.StartAsync(BrowserGateways.Clock());
        var backgrounds = new Dictionary<ColorScheme, string>();
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await using var session = await ConsoleSession.OpenAsync(fixture, gateway, new() { ColorScheme = scheme });
            await session.GotoAsync("/");
            await Expect(session.Page.Locator("#sources tr[data-source]").First).ToBeVisibleAsync();
            backgrounds[scheme] = await session.Page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
            await session.ScreenshotAsync($"sources-{scheme.ToString().ToLowerInvariant()}");
        }

        Assert.NotEqual(backgrounds[ColorScheme.Light], backgrounds[ColorScheme.Dark]);
    }

    [SkippableFact]
    public async Task Console_BackAndForward_MoveBetweenTwoVisitedPages()
    {
        await using var gateway = await BrowserGateways.StartAsync(BrowserGateways.Clock());
        await using var session = await ConsoleSession.OpenAsync(fixture, gateway);
        var page = session.Page;
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Console" });

        await session.GotoAsync("/");
        await Expect(page.Locator("#sources tr[data-source]").First).ToBeVisibleAsync();
        await nav.GetByRole(AriaRole.Link, new() { Name = "Subscriptions" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(session.Url("/console/subscriptions"));
        await Expect(page.Locator("#subscription-form")).ToBeVisibleAsync();

        await page.GoBackAsync();
        await Expect(page).ToHaveURLAsync(session.Url("/"));
        await Expect(page).ToHaveTitleAsync("Sources · TaskGateway");
        await Expect(page.Locator("#sources tr[data-source]").First).ToBeVisibleAsync();

        await page.GoForwardAsync();
        await Expect(page).ToHaveURLAsync(session.Url("/console/subscriptions"));
        await Expect(page).ToHaveTitleAsync("Subscriptions · TaskGateway");
        await Expect(page.Locator("#subscription-form")).ToBeVisibleAsync();
    }
}
