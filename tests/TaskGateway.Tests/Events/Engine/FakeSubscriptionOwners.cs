using System.Collections.Concurrent;
using TaskGateway.Events.Engine;
using TaskGateway.Events.Store;

namespace TaskGateway.Tests.Events.Engine;

/// <summary>Owner checks the test scripts: subscriptions named in <see cref="Refused"/> are refused with that reason, all others allowed.</summary>
internal sealed class FakeSubscriptionOwners : ISubscriptionOwners
{
    public ConcurrentDictionary<string, string> Refused { get; } = new(StringComparer.Ordinal);

    public string? RefusedBecause(SubscriptionRecord subscription) => Refused.GetValueOrDefault(subscription.Id);
}
