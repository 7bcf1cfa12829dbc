using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using TaskGateway.Hosting;
using TaskGateway.Logging;

namespace TaskGateway.Security;

/// <summary>
/// Once the server has bound its listeners, checks every address it actually listens on, whatever configured it
/// (TaskGateway:Hosting, Kestrel:Endpoints, ASPNETCORE_URLS, --urls): with no caller authentication and no
/// AllowUnauthenticatedRemote, a listener beyond loopback stops the server and fails start-up (exit status 1 with
/// the reason), since the pre-start check sees TaskGateway:Hosting:Address only. Until it runs, the local-only
/// middleware refuses requests from beyond loopback.
/// </summary>
internal sealed class ExposureCheck : IHostedLifecycleService
{
    private readonly IServer _server;
    // Read once the host has started: hosted services are created before start-up validates the options.
    private readonly IOptions<CallerOptions> _callers;
    private readonly ILogger<ExposureCheck> _logger;

    public ExposureCheck(IServer server, IOptions<CallerOptions> callers, ILogger<ExposureCheck> logger)
    {
        _server = server;
        _callers = callers;
        _logger = logger;
    }

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!_callers.Value.LocalOnly)
        {
            return;
        }

        var beyond = (_server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []).Where(a => !IsLocal(a)).ToList();
        if (beyond.Count == 0)
        {
            return;
        }

        var addresses = string.Join(", ", beyond);
        Log.ListenerBeyondLoopback(_logger, addresses);
        await _server.StopAsync(cancellationToken).ConfigureAwait(false);
        throw new GatewayConfigurationException(
            $"The gateway listens on {addresses}, beyond loopback (set by Kestrel:Endpoints, ASPNETCORE_URLS, --urls or TaskGateway:Hosting:Address), " +
            "but no caller authentication is configured. Listen on loopback only, configure TaskGateway:Callers:ApiKeys or TaskGateway:Callers:Jwt, " +
            "or (only on a network you trust) set TaskGateway:Callers:AllowUnauthenticatedRemote=true.");
    }

    /// <summary>A loopback address or localhost, or a Unix socket or named pipe (reachable from this machine only).</summary>
    internal static bool IsLocal(string address)
    {
        if (address.StartsWith("http://unix:", StringComparison.OrdinalIgnoreCase) || address.StartsWith("https://unix:", StringComparison.OrdinalIgnoreCase)
            || address.StartsWith("http://pipe:", StringComparison.OrdinalIgnoreCase) || address.StartsWith("https://pipe:", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // Kestrel reports what it bound: IP literals ([::] and 0.0.0.0 for "any"), or localhost for both loopbacks.
        return Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.IsLoopback;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
