using System.Collections.Concurrent;
using TaskGateway.Events.Engine;
using TaskGateway.Events.Store;

namespace TaskGateway.Tests.Events.Engine;

/// <summary>Owner checks the test scripts: subscriptions named in <see cref="Revoked"/> are refused with that reason, all others allowed.</summary>
internal sealed class FakeSubscriptionOwners : ISubscriptionOwners
{
    public ConcurrentDictionary<string, string> Revoked { get; } = new(StringComparer.Ordinal);

    public string? RevokedBecause(SubscriptionRecord subscription) => Revoked.GetValueOrDefault(subscription.Id);
}
