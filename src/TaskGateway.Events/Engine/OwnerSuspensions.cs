using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TaskGateway.Events.Engine;

/// <summary>
/// The subscriptions this replica holds back because their owners are refused (<see cref="ISubscriptionOwners"/>):
/// never watched, never claimed, each logged once (event 5062). The caller settings are read once per process, so a
/// subscription held back stays so until a restart with settings that accept its owner; the set holds at most every
/// subscription the store lists, as ids.
/// </summary>
internal sealed class OwnerSuspensions(ILogger<OwnerSuspensions> logger)
{
    private readonly ConcurrentDictionary<string, string> _suspended = new(StringComparer.Ordinal);

    /// <summary>The ids held back now: left out of this replica's claims.</summary>
    public IReadOnlyCollection<string> Suspended => [.. _suspended.Keys];

    public void Report(string id, string reason)
    {
        if (_suspended.TryAdd(id, reason))
        {
            EngineLog.Suspended(logger, id, reason);
        }
    }
}
