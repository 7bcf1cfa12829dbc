using Microsoft.Playwright;
using TaskGateway.Sandbox;
using static Microsoft.Playwright.Assertions;

namespace TaskGateway.FunctionalTests.Browser;

/// <summary>The console's first page: every configured source, its kind and health.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class SourcesPageTests(BrowserFixture fixture)
{
    private static readonly Dictionary<string, string> Kinds = new()
    {
        ["iotda"] = "IOTDA_INSTANCE_TASK",
        ["dms"] = "DMS_SCHEDULED_TASK",
        ["exports"] = "IOTDA_EXPORT_TASK",
        ["astra"] = "ASTRA_TASK",
        ["clouddc"] = "CLOUDDC_INSTANCE_STATUS",
    };

    [SkippableFact]
    public async Task SourcesPage_FiveSandboxSources_EverySourceShownWithKindAndHealth()
    {
        await using var gateway = await BrowserGateways.StartAsync(BrowserGateways.Clock());
        await using var session = await ConsoleSession.OpenAsync(fixture, gateway);
        var page = session.Page;

        await session.GotoAsync("/");

        await Expect(page).ToHaveTitleAsync("Sources · TaskGateway");
        await Expect(page.Locator("#sources tr[data-source]")).ToHaveCountAsync(SandboxServer.Aliases.Count);
        foreach (var alias in SandboxServer.Aliases)
        {
            var row = page.Locator($"#sources tr[data-source='{alias}']");
            await Expect(row).ToContainTextAsync(alias);
            await Expect(row).ToContainTextAsync(Kinds[alias]);
            await Expect(row.Locator(".health")).ToHaveAttributeAsync("data-health", "Healthy");
        }

        await session.ScreenshotAsync("sources");
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.DoesNotContain(session.Messages, m => m.StartsWith("error", StringComparison.Ordinal) || m.StartsWith("pageerror", StringComparison.Ordinal));
    }
}
