using System.Diagnostics;
using Microsoft.Extensions.Logging;
using TaskGateway.Core.Telemetry;
using TaskGateway.Events.Store;
using TaskGateway.Events.Webhooks;

namespace TaskGateway.Events.Engine;

/// <summary>
/// One attempt at one claimed event, and its result recorded: delivered (completed), 410 Gone (disabled at once),
/// no attempt at all while the subscription's owner is refused (released, <see cref="ISubscriptionOwners"/>),
/// failed (retried on the schedule, honouring Retry-After; disabled once the schedule is spent). Each attempt is a span
/// of its own with the subscription, the event, the attempt, the outcome and the HTTP status (never the sink's URI or
/// secret). Never throws: a store that fails to record leaves the lease to expire, and the event goes out again.
/// </summary>
internal sealed class OutboxDelivery(ISubscriptionStore store, IWebhookSender sender, RetrySchedule schedule, ISubscriptionOwners owners,
    OwnerSuspensions suspensions, EngineTelemetry telemetry, TimeProvider time, ILogger<OutboxDispatcher> logger)
{
    public async Task DeliverAsync(ClaimedEvent claimed, CancellationToken cancellationToken)
    {
        var e = claimed.Event;
        var attempt = claimed.AttemptsBefore + 1;
        using var activity = GatewayTelemetry.Activities.StartActivity("events.deliver", ActivityKind.Producer);
        activity?.SetTag("taskgateway.subscription", "subscriptions/" + e.SubscriptionId);
        activity?.SetTag("cloudevents.event_id", e.EventId);
        activity?.SetTag("cloudevents.event_type", e.Type);
        activity?.SetTag("taskgateway.delivery.attempt", attempt);
        try
        {
            // Nothing leaves for a subscription whose owner this replica's settings refuse (its key removed, say, since it
            // was made): the lease goes back untouched, unsent and uncounted, and this replica claims it no more. Another
            // replica whose settings accept the owner may send it; the shared row says nothing of this replica's view.
            if (owners.RefusedBecause(claimed.Subscription) is { } refused)
            {
                suspensions.Report(e.SubscriptionId, refused);
                await store.ReleaseAsync(claimed, CancellationToken.None).ConfigureAwait(false);
                activity?.SetStatus(ActivityStatusCode.Error, "owner refused");
                return;
            }

            var result = await sender.SendAsync(claimed, cancellationToken).ConfigureAwait(false);
            var outcome = await RecordAsync(claimed, attempt, result).ConfigureAwait(false);
            activity?.SetTag("taskgateway.delivery.outcome", outcome);
            activity?.SetTag("http.response.status_code", result.HttpStatus);
            if (outcome != EngineTelemetry.Delivered)
            {
                activity?.SetStatus(ActivityStatusCode.Error, result.Error);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shut down mid-attempt: the lease expires and the event goes out again.
            activity?.SetStatus(ActivityStatusCode.Error, "shutdown");
        }
        catch (EventStoreUnavailableException failure)
        {
            EngineLog.StoreUnavailable(logger, failure.Setting, claimed.LeaseUntil - time.GetUtcNow(), failure.Message);
            activity?.SetStatus(ActivityStatusCode.Error, "store unavailable");
        }
        catch (Exception failure)
        {
            EngineLog.DeliveryCrashed(logger, failure, e.EventId, e.SubscriptionId);
            activity?.SetStatus(ActivityStatusCode.Error, failure.GetType().Name);
        }
    }

    // Records the result; the outcome as counted. The store calls run to the end even during shutdown: they are short,
    // and a recorded result spares the sink a duplicate.
    private async Task<string> RecordAsync(ClaimedEvent claimed, int attempt, DeliveryResult result)
    {
        var e = claimed.Event;
        var now = time.GetUtcNow();
        var record = new DeliveryAttempt(now, result.HttpStatus, result.Error);
        string outcome;
        bool kept;
        switch (result.Kind)
        {
            case DeliveryResultKind.Delivered:
                outcome = EngineTelemetry.Delivered;
                kept = await store.CompleteAsync(claimed, record, CancellationToken.None).ConfigureAwait(false);
                telemetry.DeliveredAfter(attempt, e.Type);
                EngineLog.Delivered(logger, e.EventId, e.Type, e.SubscriptionId, attempt, result.HttpStatus);
                break;
            case DeliveryResultKind.Gone:
                outcome = EngineTelemetry.Gone;
                kept = await store.DisableAsync(claimed, record, CancellationToken.None).ConfigureAwait(false);
                EngineLog.Disabled(logger, e.SubscriptionId, e.EventId, e.Type, attempt, "the sink answered 410 Gone");
                break;
            default:
                (outcome, kept) = await FailedAsync(claimed, attempt, result, record).ConfigureAwait(false);
                break;
        }

        telemetry.Attempt(outcome, e.Type);
        if (!kept)
        {
            EngineLog.LeaseLost(logger, e.EventId, e.SubscriptionId);
        }

        return outcome;
    }

    private async Task<(string Outcome, bool Kept)> FailedAsync(ClaimedEvent claimed, int attempt, DeliveryResult result, DeliveryAttempt record)
    {
        var e = claimed.Event;
        if (schedule.NextAttempt(attempt, result.RetryAfter, record.Time) is { } next)
        {
            var kept = await store.RetryAsync(claimed, record, next, CancellationToken.None).ConfigureAwait(false);
            EngineLog.RetryScheduled(logger, e.EventId, e.Type, e.SubscriptionId, attempt, result.HttpStatus, result.Error, next);
            return (EngineTelemetry.Retrying, kept);
        }

        var disabled = await store.DisableAsync(claimed, record, CancellationToken.None).ConfigureAwait(false);
        EngineLog.Disabled(logger, e.SubscriptionId, e.EventId, e.Type, attempt, $"no retry left after {attempt} attempts; last: HTTP {result.HttpStatus} {result.Error}");
        return (EngineTelemetry.Failed, disabled);
    }
}
