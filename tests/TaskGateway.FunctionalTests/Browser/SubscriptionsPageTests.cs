using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TaskGateway.FunctionalTests.Browser;

/// <summary>The subscriptions page: a refused sink inline, then create (secret once), list and delete.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class SubscriptionsPageTests(BrowserFixture fixture) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tg-browser-push-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [SkippableFact]
    public async Task SubscriptionsPage_LocalhostSinkThenAllowlistedSink_RefusedInlineThenCreatedListedDeleted()
    {
        await using var gateway = await BrowserGateways.StartAsync(BrowserGateways.Clock(), s =>
        {
            s["TaskGateway:Events:SqlitePath"] = Path.Combine(_folder, "events.db");
            s["TaskGateway:Events:AllowedSinkHosts:0"] = "127.0.0.1";
        });
        await using var session = await ConsoleSession.OpenAsync(fixture, gateway);
        var page = session.Page;
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        var rows = page.Locator("#subscriptions tr[data-name]");

        await session.GotoAsync("/console/subscriptions");
        await Expect(page).ToHaveTitleAsync("Subscriptions · TaskGateway");
        await Expect(rows).ToHaveCountAsync(0);

        // localhost is not on the allowlist (only 127.0.0.1 is), and a loopback http sink is refused.
        await page.Locator("#sub-target").FillAsync(Names.AstraLive);
        await page.Locator("#sub-until").FillAsync("state = SUCCEEDED");
        await page.Locator("#sub-sink").FillAsync("http://localhost:9/hook");
        await page.Locator("#subscription-form").GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        var error = page.Locator("[role=alert].error");
        await Expect(error).ToHaveAttributeAsync("data-code", "INVALID_ARGUMENT");
        await Expect(error.Locator("ul.field-violations li[data-field='subscription.sink.uri']")).ToBeVisibleAsync();
        await session.ScreenshotAsync("subscriptions-refused");
        await Expect(rows).ToHaveCountAsync(0);

        await page.Locator("#sub-sink").FillAsync("http://127.0.0.1:9/hook");
        await page.Locator("#subscription-form").GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page.Locator("#sub-secret")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\S{16,}"));
        var secret = (await page.Locator("#sub-secret").TextContentAsync())!.Trim();
        await Expect(rows).ToHaveCountAsync(1);
        var row = rows.First;
        await Expect(row).ToContainTextAsync(Names.AstraLive);
        await Expect(row).ToContainTextAsync("http://127.0.0.1:9/hook");
        await session.ScreenshotAsync("subscriptions");
        var name = await row.GetAttributeAsync("data-name");
        Assert.StartsWith("subscriptions/", name, StringComparison.Ordinal);
        using (var listed = await gateway.Rest.GetAsync(new Uri("/v1/subscriptions", UriKind.Relative)))
        {
            Assert.Contains(name!, await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Shown once: a fresh visit lists it without the secret.
        await session.GotoAsync("/console/subscriptions");
        await Expect(rows).ToHaveCountAsync(1);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);

        await row.Locator("button.delete").ClickAsync();
        await Expect(rows).ToHaveCountAsync(0);
        using var after = await gateway.Rest.GetAsync(new Uri("/v1/" + name, UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, after.StatusCode);
    }
}
