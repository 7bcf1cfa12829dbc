using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TaskGateway.FunctionalTests.Browser;

/// <summary>A source whose backend is down: the console says UNAVAILABLE inline, naming the source, and keeps its frame.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class UnavailableSourceTests(BrowserFixture fixture)
{
    private const string Task = "sources/down/accounts/6c4f8a2e-1d3b-4e5f-9a7c-2b4d6e8f0a1c/tasks/a1b2c3d4-0000-4000-8000-000000000001";

    [SkippableFact]
    public async Task TaskPage_SourceAnswers503_UnavailableInlineNamingTheSource()
    {
        await using var upstream = await MisbehavingUpstream.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return context.Response.WriteAsync("down for maintenance");
        });
        await using var gateway = await BrowserGateways.StartAsync(BrowserGateways.Clock(), s =>
        {
            s["TaskGateway:Sources:down:Kind"] = "AstraTask";
            s["TaskGateway:Sources:down:Endpoint"] = upstream.Endpoint;
            s["TaskGateway:Sources:down:Auth:Scheme"] = "Bearer";
            s["TaskGateway:Sources:down:Auth:Token"] = "down-test-token-not-a-secret";
            s["TaskGateway:Sources:down:MaxRetries"] = "0";
        });
        await using var session = await ConsoleSession.OpenAsync(fixture, gateway);
        var page = session.Page;

        await session.GotoAsync($"/console/{Task}");

        var error = page.Locator("[role=alert].error");
        await Expect(error).ToHaveAttributeAsync("data-code", "UNAVAILABLE");
        await Expect(error).ToContainTextAsync("down");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Console" })).ToBeVisibleAsync();
        Assert.True(upstream.Requests > 0, "the gateway never called the source");
        await session.ScreenshotAsync("error-unavailable");
    }
}
