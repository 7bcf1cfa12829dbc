using Microsoft.Playwright;

namespace TaskGateway.FunctionalTests.Browser;

/// <summary>
/// Debian's chromium, launched once for the tests of the "browser" collection (never a downloaded browser: the driver
/// Playwright ships in its package runs offline from the build output). Where /usr/bin/chromium is missing the tests
/// are skipped, unless TASKGATEWAY_REQUIRE_BROWSER=1 (CI sets it, and installs chromium) makes that a failure.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    /// <summary>The running browser, or null where chromium is not installed (the tests then skip).</summary>
    public IBrowser? Browser { get; private set; }

    /// <summary>Why the tests skip, when they do.</summary>
    public static string Missing => $"{ExecutablePath} is not installed (apt-get install chromium); TASKGATEWAY_REQUIRE_BROWSER=1 makes this a failure";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            if (Environment.GetEnvironmentVariable("TASKGATEWAY_REQUIRE_BROWSER") == "1")
            {
                throw new InvalidOperationException($"{ExecutablePath} is missing, and TASKGATEWAY_REQUIRE_BROWSER=1 requires it: apt-get install chromium");
            }

            return;
        }

        // A loaded two-core machine can take seconds to paint a page: the auto-waiting assertions wait on conditions
        // for up to this long (they return as soon as the condition holds).
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ExecutablePath, Headless = true, Args = ["--no-sandbox"] });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
