using Microsoft.Extensions.Options;
using TaskGateway.Core.Sources;
using TaskGateway.Logging;

namespace TaskGateway.Services;

/// <summary>
/// Says at every start, at Warning, which pass-through sources fall back to the gateway's own token for callers that
/// send none (Auth:AllowGatewayTokenFallback): the opt-in weakens the pass-through boundary, so it must stay visible.
/// </summary>
internal sealed class PassThroughStartupLog : IHostedService
{
    private readonly IOptions<GatewayOptions> _options;
    private readonly ILogger<PassThroughStartupLog> _logger;

    public PassThroughStartupLog(IOptions<GatewayOptions> options, ILogger<PassThroughStartupLog> logger)
    {
        _options = options;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (alias, source) in _options.Value.Sources.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (source.Auth is { PassCallerToken: true, AllowGatewayTokenFallback: true })
            {
                Log.GatewayTokenFallback(_logger, alias);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
