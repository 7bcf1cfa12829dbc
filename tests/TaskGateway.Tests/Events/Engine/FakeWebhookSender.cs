using System.Collections.Concurrent;
using TaskGateway.Events.Store;
using TaskGateway.Events.Webhooks;

namespace TaskGateway.Tests.Events.Engine;

/// <summary>
/// A webhook sender the test scripts: each attempt's result comes from <see cref="Answer"/>; every attempt is recorded
/// with the clock's time, and how many ran at once per subscription is tracked. <see cref="Hold"/> keeps attempts
/// open until <see cref="Release"/>.
/// </summary>
internal sealed class FakeWebhookSender(TimeProvider time) : IWebhookSender
{
    private readonly ConcurrentDictionary<string, int> _running = new(StringComparer.Ordinal);
    private TaskCompletionSource _gate = Open();
    private int _maxPerSubscription;

    public Func<ClaimedEvent, DeliveryResult> Answer { get; set; } = _ => new DeliveryResult(DeliveryResultKind.Delivered, 204, string.Empty);

    public ConcurrentQueue<(ClaimedEvent Claimed, DateTimeOffset Time)> Attempts { get; } = new();

    /// <summary>The most attempts of one subscription that were in flight at once.</summary>
    public int MaxPerSubscription => Volatile.Read(ref _maxPerSubscription);

    public IReadOnlyList<string> EventIds => [.. Attempts.Select(a => a.Claimed.Event.EventId)];

    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    public async Task<DeliveryResult> SendAsync(ClaimedEvent claimed, CancellationToken cancellationToken)
    {
        var id = claimed.Event.SubscriptionId;
        var running = _running.AddOrUpdate(id, 1, (_, n) => n + 1);
        InterlockedMax(running);
        try
        {
            Attempts.Enqueue((claimed, time.GetUtcNow()));
            await _gate.Task.WaitAsync(cancellationToken);
            return Answer(claimed);
        }
        finally
        {
            _running.AddOrUpdate(id, 0, (_, n) => n - 1);
        }
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource();
        open.SetResult();
        return open;
    }

    private void InterlockedMax(int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref _maxPerSubscription)) < value && Interlocked.CompareExchange(ref _maxPerSubscription, value, seen) != seen)
        {
        }
    }
}
