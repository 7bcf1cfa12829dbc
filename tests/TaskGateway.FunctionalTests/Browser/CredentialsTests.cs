using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TaskGateway.FunctionalTests.Browser;

/// <summary>With API keys configured the console asks for one, refuses a wrong one and keeps it for the session only.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class CredentialsTests(BrowserFixture fixture)
{
    private const string Key = "browser-test-key-7f3e9a1c5b2d4e6f";

    [SkippableFact]
    public async Task SourcesPage_ApiKeysConfigured_AsksForKeyRefusesWrongOneAndKeepsRightOneInSessionStorage()
    {
        await using var gateway = await BrowserGateways.StartAsync(BrowserGateways.Clock(), s => s["TaskGateway:Callers:ApiKeys:console"] = Key);
        await using var session = await ConsoleSession.OpenAsync(fixture, gateway);
        var page = session.Page;

        await session.GotoAsync("/");
        var form = page.Locator("form#credentials");
        await Expect(form).ToBeVisibleAsync();
        await Expect(page.Locator("#sources tr[data-source]")).ToHaveCountAsync(0);
        await session.ScreenshotAsync("credentials");

        await page.Locator("#credential-kind").SelectOptionAsync("apikey");
        await page.Locator("#credential").FillAsync("not-the-key-0123456789abcdef");
        await form.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("[role=alert].error")).ToHaveAttributeAsync("data-code", "UNAUTHENTICATED");
        await Expect(page.Locator("#sources tr[data-source]")).ToHaveCountAsync(0);

        await Expect(form).ToBeVisibleAsync();
        await page.Locator("#credential-kind").SelectOptionAsync("apikey");
        await page.Locator("#credential").FillAsync(Key);
        await form.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#sources tr[data-source]")).ToHaveCountAsync(5);

        Assert.True(await page.EvaluateAsync<bool>("k => Object.values(sessionStorage).some(v => v.includes(k))", Key), "the key is not in sessionStorage");
        Assert.False(await page.EvaluateAsync<bool>("k => JSON.stringify(localStorage).includes(k)", Key), "the key is in localStorage");
        Assert.Equal(string.Empty, await page.EvaluateAsync<string>("() => document.cookie"));
        Assert.Empty(await session.Context.CookiesAsync());
        Assert.Contains(session.Requests, r => r.Url.EndsWith("/v1/sources", StringComparison.Ordinal) && r.Headers.TryGetValue("x-api-key", out var k) && k == Key);
        Assert.DoesNotContain(session.Requests, r => r.Url.Contains(Key, StringComparison.Ordinal));
    }
}
