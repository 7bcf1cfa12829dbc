using Microsoft.Extensions.Logging;
using TaskGateway.Contracts.V1;
using TaskGateway.Events.Store;

namespace TaskGateway.Events.Engine;

/// <summary>
/// Turns what a watch saw into outbox events and adds them: the id and dedupe key from the task's state, the task as
/// the REST API returns it, the time the gateway observed it. Wakes this replica's dispatcher for each event it added.
/// </summary>
internal sealed class EventOutbox(ISubscriptionStore store, StoreRetry retry, OutboxSignal signal, EngineTelemetry telemetry, ILogger logger)
{
    /// <summary>The event for a task's state (the task's etag makes its dedupe key).</summary>
    public static OutboxEvent Build(string subscriptionId, string type, CloudTask task, DateTimeOffset observedAt, bool final)
    {
        var dedupeKey = EventIds.DedupeKey(task.Name, task.Etag);
        return new OutboxEvent(EventIds.Of(subscriptionId, dedupeKey), subscriptionId, dedupeKey, type, task.Name, observedAt, TaskJson.Format(task), final);
    }

    /// <summary>Adds the event, waiting out an unavailable store; true when this call added it (not a duplicate, the subscription still active).</summary>
    public async Task<bool> EnqueueAsync(OutboxEvent outboxEvent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var added = await retry.RunAsync(token => store.EnqueueAsync(outboxEvent, now, token), cancellationToken).ConfigureAwait(false);
        if (added)
        {
            telemetry.Enqueued(outboxEvent.Type);
            EngineLog.Enqueued(logger, outboxEvent.EventId, outboxEvent.Type, outboxEvent.SubscriptionId, outboxEvent.Subject);
            signal.Notify();
        }

        return added;
    }
}
