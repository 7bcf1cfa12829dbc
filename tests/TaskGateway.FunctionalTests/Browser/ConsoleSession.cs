using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace TaskGateway.FunctionalTests.Browser;

/// <summary>
/// One browser context on a gateway's REST origin: a page, and everything it did (every request, every response, every
/// console message and page error) recorded for the tests' assertions.
/// </summary>
internal sealed class ConsoleSession : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    private ConsoleSession(IBrowserContext context, IPage page, Uri origin)
    {
        _context = context;
        Page = page;
        Origin = origin;
        page.Request += (_, r) => Requests.Add(r);
        page.Response += (_, r) => Responses.Add(r);
        page.Console += (_, m) => Messages.Add($"{m.Type}: {m.Text}");
        page.PageError += (_, e) => Messages.Add($"pageerror: {e}");
    }

    public IPage Page { get; }

    /// <summary>The gateway's REST origin, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public Uri Origin { get; }

    public ConcurrentBag<IRequest> Requests { get; } = [];

    public ConcurrentBag<IResponse> Responses { get; } = [];

    public ConcurrentBag<string> Messages { get; } = [];

    public IBrowserContext Context => _context;

    public static async Task<ConsoleSession> OpenAsync(BrowserFixture fixture, GatewayInstance gateway, BrowserNewContextOptions? options = null)
    {
        Skip.If(fixture.Browser is null, BrowserFixture.Missing);
        options ??= new BrowserNewContextOptions();
        options.ViewportSize ??= new ViewportSize { Width = 1280, Height = 800 };
        var context = await fixture.Browser!.NewContextAsync(options);
        var page = await context.NewPageAsync();
        var origin = new Uri(gateway.Rest.BaseAddress!.GetLeftPart(UriPartial.Authority));
        return new ConsoleSession(context, page, origin);
    }

    /// <summary>The absolute URL of a path on the gateway's REST origin.</summary>
    public string Url(string pathAndQuery) => new Uri(Origin, pathAndQuery).ToString();

    public async Task<IResponse> GotoAsync(string pathAndQuery)
    {
        var response = await Page.GotoAsync(Url(pathAndQuery));
        Assert.NotNull(response);
        return response;
    }

    /// <summary>A full-page screenshot into the screenshots folder.</summary>
    public Task ScreenshotAsync(string name, bool fullPage = true) =>
        Page.ScreenshotAsync(new() { Path = Screenshots.PathOf(name + ".png"), FullPage = fullPage });

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
