using Microsoft.Extensions.Logging;
using TaskGateway.Events.Store;

namespace TaskGateway.Events.Engine;

/// <summary>
/// Runs a store call until the store answers: an unavailable store (a read-only disk, PostgreSQL down) is logged and
/// tried again after a growing delay, never thrown at the host. Only cancellation ends the wait.
/// </summary>
internal sealed class StoreRetry(TimeProvider time, ILogger logger)
{
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var backoff = new Backoff();
        string? failedOn = null;
        while (true)
        {
            try
            {
                var result = await call(cancellationToken).ConfigureAwait(false);
                if (failedOn is not null)
                {
                    EngineLog.StoreBack(logger, failedOn);
                }

                return result;
            }
            catch (EventStoreUnavailableException e)
            {
                failedOn = e.Setting;
                var delay = backoff.Next();
                EngineLog.StoreUnavailable(logger, e.Setting, delay, e.Message);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task RunAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        RunAsync(async token =>
        {
            await call(token).ConfigureAwait(false);
            return true;
        }, cancellationToken);
}
