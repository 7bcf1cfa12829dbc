using Microsoft.Extensions.Time.Testing;
using TaskGateway.Sandbox;

namespace TaskGateway.FunctionalTests.Browser;

/// <summary>Gateways for the browser tests: the sandbox as configured sources, on a fake clock the test moves.</summary>
internal static class BrowserGateways
{
    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Every source polled each second of the fake clock, so one step of the clock is one poll.</summary>
    public static Task<GatewayInstance> StartAsync(FakeTimeProvider time, Action<Dictionary<string, string?>>? configure = null) =>
        GatewayInstance.StartWithSourcesAsync(time, s =>
        {
            foreach (var alias in SandboxServer.Aliases)
            {
                s[$"TaskGateway:Sources:{alias}:MinPollInterval"] = "00:00:01";
                s[$"TaskGateway:Sources:{alias}:MaxPollInterval"] = "00:00:01";
            }

            configure?.Invoke(s);
        });
}
