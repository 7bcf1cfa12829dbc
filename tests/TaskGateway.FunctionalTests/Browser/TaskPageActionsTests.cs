using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TaskGateway.Watch;
using static Microsoft.Playwright.Assertions;

namespace TaskGateway.FunctionalTests.Browser;

/// <summary>The task page's tools: the wait-until box, the ready-to-run commands, and a task that does not exist.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed partial class TaskPageActionsTests(BrowserFixture fixture)
{
    [GeneratedRegex(@"curl '([^']+)'")]
    private static partial Regex CurlUrl();

    [SkippableFact]
    public async Task UntilBox_HalfDoneOnLiveTask_WaitingThenMatchedAsTheClockMoves()
    {
        var time = BrowserGateways.Clock();
        await using var gateway = await BrowserGateways.StartAsync(time);
        await using var session = await ConsoleSession.OpenAsync(fixture, gateway);
        var page = session.Page;
        var result = page.Locator("#until-result");
        await session.GotoAsync($"/console/{Names.AstraLive}");
        await Expect(page.Locator("#stream-status")).ToHaveAttributeAsync("data-state", "live");

        await page.Locator("#until").FillAsync("progress_percent >= 50");
        await page.Locator("#until-form").GetByRole(AriaRole.Button, new() { Name = "Wait" }).ClickAsync();
        await Expect(result).ToHaveAttributeAsync("data-state", "waiting");

        await FakeClockDriver.DriveUntilAsync(gateway, time, new PollerKey("astra", Names.AstraLive, string.Empty), Expect(result).ToHaveAttributeAsync("data-state", "matched", new() { Timeout = FakeClockDriver.DriveTimeout }));
        await Expect(result).ToContainTextAsync("Matched");
        await Expect(result).ToContainTextAsync("RUNNING");
    }

    [SkippableFact]
    public async Task UntilBox_SucceededOnFailedTask_Unreachable()
    {
        await using var gateway = await BrowserGateways.StartAsync(BrowserGateways.Clock());
        await using var session = await ConsoleSession.OpenAsync(fixture, gateway);
        var page = session.Page;
        await session.GotoAsync($"/console/{Names.AstraFailed}");
        await Expect(page.Locator("#stream-status")).ToHaveAttributeAsync("data-state", "ended");

        await page.Locator("#until").FillAsync("state = SUCCEEDED");
        await page.Locator("#until-form").GetByRole(AriaRole.Button, new() { Name = "Wait" }).ClickAsync();

        await Expect(page.Locator("#until-result")).ToHaveAttributeAsync("data-state", "unreachable");
    }

    [SkippableFact]
    public async Task Commands_CopyCurl_ClipboardHoldsACommandThatAnswersForThisTask()
    {
        await using var gateway = await BrowserGateways.StartAsync(BrowserGateways.Clock());
        await using var session = await ConsoleSession.OpenAsync(fixture, gateway);
        var page = session.Page;
        await session.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = session.Origin.GetLeftPart(UriPartial.Authority) });
        await session.GotoAsync($"/console/{Names.AstraFailed}");
        await Expect(page.Locator("#cmd-curl")).ToContainTextAsync(Names.AstraFailed);

        await page.Locator("button.copy[data-copy='curl']").ClickAsync();
        await Expect(page.Locator("button.copy[data-copy='curl']")).ToHaveTextAsync("Copied");
        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");

        Assert.Equal(await page.Locator("#cmd-curl").TextContentAsync(), copied);
        // Ready to run: its URL is this gateway's REST route for the task, and it answers with the task.
        var url = CurlUrl().Match(copied).Groups[1].Value;
        using var answer = await gateway.Rest.GetAsync(new Uri(url));
        Assert.True(answer.IsSuccessStatusCode, $"{url} answered {(int)answer.StatusCode}");
        Assert.Contains(Names.AstraFailed, await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Expect(page.Locator("#cmd-buf-curl")).ToContainTextAsync(gateway.GrpcAddress.GetLeftPart(UriPartial.Authority) + "/taskgateway.v1.TaskService/GetTask");
    }

    [SkippableFact]
    public async Task TaskPage_TaskThatDoesNotExist_NotFoundInline()
    {
        await using var gateway = await BrowserGateways.StartAsync(BrowserGateways.Clock());
        await using var session = await ConsoleSession.OpenAsync(fixture, gateway);
        var page = session.Page;

        await session.GotoAsync($"/console/{Names.AstraParent}/tasks/a1b2c3d4-0000-4000-8000-0000000000ff");

        var error = page.Locator("[role=alert].error");
        await Expect(error).ToHaveAttributeAsync("data-code", "NOT_FOUND");
        await Expect(error).ToContainTextAsync("NOT_FOUND");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Console" })).ToBeVisibleAsync();
        await session.ScreenshotAsync("error-not-found");
    }
}
