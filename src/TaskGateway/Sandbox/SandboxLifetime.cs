using TaskGateway.Logging;
using TaskGateway.Sandbox;

namespace TaskGateway.Hosting;

/// <summary>Ties the sandbox to the gateway's lifetime: announced at start, stopped after the gateway.</summary>
internal sealed class SandboxLifetime : IHostedService
{
    private readonly SandboxServer _sandbox;
    private readonly ILogger<SandboxLifetime> _logger;

    public SandboxLifetime(SandboxServer sandbox, ILogger<SandboxLifetime> logger)
    {
        _sandbox = sandbox;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Log.SandboxStarted(_logger, _sandbox.BaseAddress, string.Join(", ", SandboxServer.Aliases));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await _sandbox.DisposeAsync().ConfigureAwait(false);
}
