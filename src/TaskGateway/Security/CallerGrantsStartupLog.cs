using Microsoft.Extensions.Options;
using TaskGateway.Logging;

namespace TaskGateway.Security;

/// <summary>Says once at start whether caller grants are in force: without them, every caller reads every source.</summary>
internal sealed class CallerGrantsStartupLog : IHostedService
{
    private readonly IOptions<CallerGrantsOptions> _options;
    private readonly ILogger<CallerGrants> _logger;

    public CallerGrantsStartupLog(IOptions<CallerGrantsOptions> options, ILogger<CallerGrants> logger)
    {
        _options = options;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var grants = _options.Value;
        if (grants.Enabled)
        {
            Log.GrantsConfigured(_logger, grants.Grants.Count);
        }
        else
        {
            Log.GrantsNotConfigured(_logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
