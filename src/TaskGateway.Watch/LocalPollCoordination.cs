using TaskGateway.Contracts.V1;

namespace TaskGateway.Watch;

/// <summary>No coordination: every poller polls. The default, and what replicas fall back to while Redis is away.</summary>
public sealed class LocalPollCoordination : IPollCoordination
{
    /// <summary>The one instance.</summary>
    public static LocalPollCoordination Instance { get; } = new();

    /// <inheritdoc/>
    public IPollMembership Join(PollerKey key, Action<SharedSnapshot> received) => Membership.Instance;

    private sealed class Membership : IPollMembership
    {
        public static Membership Instance { get; } = new();

        public bool ShouldPoll => true;

        public Task WaitToPollAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Share(IReadOnlyList<CloudTask> tasks, bool changed, bool final)
        {
        }

        public void ShareFailure()
        {
        }

        public void Dispose()
        {
        }
    }
}
