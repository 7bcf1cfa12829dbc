using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TaskGateway.FunctionalTests.Browser;

/// <summary>With caller authentication the console asks for a credential, refuses a wrong one, keeps it for the session only and sends it on every call, streams included.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class CredentialsTests(BrowserFixture fixture)
{
    private const string Key = "browser-test-key-7f3e9a1c5b2d4e6f";
    private const string Issuer = "https://issuer.test";
    private const string Audience = "taskgateway";
    private static readonly string SigningKey = Convert.ToBase64String("0123456789abcdef0123456789abcdef-browser"u8.ToArray());

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

    [SkippableFact]
    public async Task CollectionPage_JwtConfigured_BearerSignInStreamsWithTheHeaderAndSignOutForgetsIt()
    {
        // The real clock: the token's lifetime is checked against the gateway's clock.
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s["TaskGateway:Callers:Jwt:Issuer"] = Issuer;
            s["TaskGateway:Callers:Jwt:Audience"] = Audience;
            s["TaskGateway:Callers:Jwt:SigningKey"] = SigningKey;
        });
        await using var session = await ConsoleSession.OpenAsync(fixture, gateway);
        var page = session.Page;
        var token = Jwt();
        var form = page.Locator("form#credentials");

        await session.GotoAsync($"/console/{Names.AstraParent}/tasks");
        await Expect(form).ToBeVisibleAsync();
        await page.Locator("#credential-kind").SelectOptionAsync("bearer");
        await page.Locator("#credential").FillAsync(token);
        await form.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.Locator("#stream-status")).ToHaveAttributeAsync("data-state", "live");
        await Expect(page.Locator($"#tasks tbody tr[data-name='{Names.AstraLive}']")).ToBeVisibleAsync();
        Assert.Contains(session.Requests, r => r.Url.Contains(":watch", StringComparison.Ordinal) && r.Headers.TryGetValue("authorization", out var a) && a == "Bearer " + token);
        Assert.DoesNotContain(session.Requests, r => r.Url.Contains(token, StringComparison.Ordinal));

        await page.Locator("#sign-out").ClickAsync();
        await Expect(form).ToBeVisibleAsync();
        Assert.False(await page.EvaluateAsync<bool>("t => Object.values(sessionStorage).some(v => v.includes(t))", token), "the token outlived sign-out");
    }

    private static string Jwt()
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity([new Claim("sub", "console-user")]),
            NotBefore = now.AddMinutes(-10),
            IssuedAt = now.AddMinutes(-10),
            Expires = now.AddMinutes(30),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
