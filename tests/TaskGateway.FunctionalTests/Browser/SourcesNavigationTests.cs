using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TaskGateway.Sandbox;
using static Microsoft.Playwright.Assertions;

namespace TaskGateway.FunctionalTests.Browser;

/// <summary>From the sources page to a collection: its open-collection forms, and the embedded sandbox's examples.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class SourcesNavigationTests(BrowserFixture fixture)
{
    [SkippableFact]
    public async Task OpenCollectionForm_DmsProjectAndInstance_NavigatesToItsScheduledTasks()
    {
        await using var gateway = await BrowserGateways.StartAsync(BrowserGateways.Clock());
        await using var session = await ConsoleSession.OpenAsync(fixture, gateway);
        var page = session.Page;
        await session.GotoAsync("/");
        var form = page.Locator("form.open-collection[data-source='dms']");

        await form.GetByLabel("project").FillAsync(SandboxIds.Project);
        await form.GetByLabel("instance").FillAsync(SandboxIds.DmsInstance);
        await form.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(session.Url($"/console/{Names.DmsParent}/scheduledTasks"));
        await Expect(page.Locator($"#tasks tbody tr[data-name='{Names.DmsLive}']")).ToBeVisibleAsync();
        await Expect(page).ToHaveTitleAsync(new Regex(" · TaskGateway$"));
    }

    [SkippableFact]
    public async Task Examples_EmbeddedSandbox_EachLinkOpensALivePage()
    {
        await using var gateway = await GatewayInstance.StartEmbeddedAsync(BrowserGateways.Clock());
        await using var session = await ConsoleSession.OpenAsync(fixture, gateway);
        var page = session.Page;
        await session.GotoAsync("/");
        var links = page.Locator("#examples a");
        await Expect(links.First).ToBeVisibleAsync();
        var hrefs = await links.EvaluateAllAsync<string[]>("ls => ls.map(l => l.getAttribute('href'))");
        Assert.True(hrefs.Length >= 2, $"{hrefs.Length} examples: fewer than a collection and a task");

        foreach (var href in hrefs)
        {
            Assert.StartsWith("/console/sources/", href, StringComparison.Ordinal);
            await session.GotoAsync("/");
            await page.Locator($"#examples a[href='{href}']").ClickAsync();
            await Expect(page).ToHaveURLAsync(session.Url(href));
            await Expect(page.Locator("#stream-status")).ToHaveAttributeAsync("data-state", new Regex("^(live|ended)$"));
            await Expect(page.Locator("[role=alert].error")).ToHaveCountAsync(0);
        }
    }
}
