using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TaskGateway.FunctionalTests.Browser;

/// <summary>What the console loads: only from its own origin, under its CSP, and little of it.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class OriginAndWeightTests(BrowserFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    private const int MaxBytes = 200 * 1024;

    [SkippableFact]
    public async Task EveryPage_VisitedInTurn_NoRequestLeavesTheOriginCspHeaderSetAndNoViolation()
    {
        await using var gateway = await BrowserGateways.StartAsync(BrowserGateways.Clock());
        await using var session = await ConsoleSession.OpenAsync(fixture, gateway);
        var page = session.Page;

        foreach (var (_, path, ready) in ConsolePages.All)
        {
            var response = await session.GotoAsync(path);
            await Expect(page.Locator(ready).First).ToBeVisibleAsync();

            var csp = await response.HeaderValueAsync("content-security-policy");
            Assert.NotNull(csp);
            Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
            Assert.Equal("text/html; charset=utf-8", await response.HeaderValueAsync("content-type"));
        }

        // Back to the first page by its link, so client-side navigation is recorded too.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Console" }).GetByRole(AriaRole.Link, new() { Name = "Sources" }).ClickAsync();
        await Expect(page.Locator("#sources tr[data-source]").First).ToBeVisibleAsync();

        Assert.NotEmpty(session.Requests);
        var origin = session.Origin.GetLeftPart(UriPartial.Authority) + "/";
        Assert.All(session.Requests, r => Assert.StartsWith(origin, r.Url, StringComparison.Ordinal));
        Assert.Contains(session.Requests, r => r.Url.Contains("/console/assets/", StringComparison.Ordinal));
        Assert.DoesNotContain(session.Messages, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || m.Contains("Refused to", StringComparison.Ordinal));
        Assert.DoesNotContain(session.Messages, m => m.StartsWith("pageerror", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task EveryPage_FreshLoad_EverythingItLoadsAtMost200KiB()
    {
        await using var gateway = await BrowserGateways.StartAsync(BrowserGateways.Clock());
        var sizes = new List<string>();
        foreach (var (name, path, ready) in ConsolePages.All)
        {
            // A new context each time: nothing comes from the cache.
            await using var session = await ConsoleSession.OpenAsync(fixture, gateway);
            await session.GotoAsync(path);
            await Expect(session.Page.Locator(ready).First).ToBeVisibleAsync();

            long total = 0;
            foreach (var response in session.Responses.ToList())
            {
                var type = await response.HeaderValueAsync("content-type") ?? string.Empty;
                if (type.StartsWith("text/event-stream", StringComparison.Ordinal) || response.Status is 204 or 304 || response.Request.Url.Contains(":watch", StringComparison.Ordinal))
                {
                    continue;
                }

                total += (await response.BodyAsync()).Length;
            }

            sizes.Add($"{name}: {total} bytes in {session.Responses.Count} responses");
            Assert.True(total is > 0 and <= MaxBytes, $"the {name} page loaded {total} bytes (at most {MaxBytes})");
        }

        sizes.ForEach(output.WriteLine);
        await File.WriteAllLinesAsync(Screenshots.PathOf("page-weights.txt"), sizes);
    }
}
