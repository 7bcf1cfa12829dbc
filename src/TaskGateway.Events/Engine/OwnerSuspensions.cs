using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TaskGateway.Events.Engine;

/// <summary>
/// The subscriptions this replica holds back because their owners are refused (<see cref="ISubscriptionOwners"/>):
/// each is logged once when it is first held back (event 5062) and once when its owner is accepted again (5063), not
/// at every refresh or postponed event.
/// </summary>
internal sealed class OwnerSuspensions(ILogger<OwnerSuspensions> logger)
{
    private readonly ConcurrentDictionary<string, string> _suspended = new(StringComparer.Ordinal);

    /// <summary>The ids held back now.</summary>
    public IReadOnlyCollection<string> Suspended => [.. _suspended.Keys];

    public void Report(string id, string reason)
    {
        if (_suspended.TryAdd(id, reason))
        {
            EngineLog.Suspended(logger, id, reason);
        }
    }

    public void Clear(string id)
    {
        if (_suspended.TryRemove(id, out _))
        {
            EngineLog.Resumed(logger, id);
        }
    }
}
