using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TaskGateway.Contracts.V1;
using TaskGateway.Events;
using TaskGateway.Events.Engine;
using TaskGateway.Events.Store;
using TaskGateway.Events.Webhooks;
using TaskGateway.Tests.Watch;

namespace TaskGateway.Tests.Events.Engine;

public sealed class OutboxDispatcherTests : IAsyncDisposable
{
    // A short schedule for the tests: two retries, then the subscription is disabled.
    private static readonly TimeSpan[] Delays = [TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5)];

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));
    private readonly FakeSubscriptionStore _store = new();
    private readonly FakeSubscriptionOwners _owners = new();
    private readonly OwnerSuspensions _suspensions = new(NullLogger<OwnerSuspensions>.Instance);
    private readonly FakeWebhookSender _sender;
    private readonly OutboxSignal _signal = new();
    private readonly (TaskGateway.Core.Telemetry.GatewayTelemetry Telemetry, WatchProbes.MeterCapture Meters, IDisposable Services) _telemetry = WatchProbes.Telemetry();
    private readonly OutboxDispatcher _dispatcher;
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<string> _added = [];

    public OutboxDispatcherTests()
    {
        _sender = new FakeWebhookSender(_time);
        _dispatcher = NewDispatcher(new EventsOptions { RetryDelays = [.. Delays] });
    }

    [Fact]
    public async Task Deliver_OneCallersSinksHang_CapLeavesASlotThatAnotherCallerGets()
    {
        // Four slots, at most three per caller while another caller has a subscription, and a noisy caller's sinks
        // that do not answer.
        using var dispatcher = NewDispatcher(new EventsOptions { RetryDelays = [.. Delays], MaxConcurrentDeliveries = 4, MaxConcurrentDeliveriesPerCaller = 3 });
        _sender.Hold();
        _added.Add("quiet");
        _store.Add(EngineTestKit.TaskSubscription("quiet", "q") with { Owner = "quiet" });
        for (var i = 0; i < 5; i++)
        {
            await EnqueueAsync($"noisy{i}", $"t{i}", owner: "noisy");
        }

        await dispatcher.StartAsync(_stop.Token);
        await WatchTestKit.Until(() => _sender.Attempts.Count == 3);
        await ClaimedTwiceMoreAsync();

        // The fourth slot stays free for others, however many of the noisy caller's events wait.
        Assert.Equal(3, _sender.Attempts.Count);
        var quiet = await EnqueueAsync("quiet", "q", owner: "quiet");
        await NotifyUntil(() => _sender.Attempts.Count == 4);
        Assert.Equal(quiet.EventId, _sender.EventIds[3]);

        _sender.Release();
        await WatchTestKit.Until(() => _store.DeliveredSnapshot().Count == 6);
        await dispatcher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Deliver_SinkAccepts_CompletesAndCounts()
    {
        var e = await EnqueueAsync("s1", "t1", final: true);

        await _dispatcher.StartAsync(_stop.Token);
        await WatchTestKit.Until(() => _store.DeliveredSnapshot().Count == 1);

        Assert.Equal(e.EventId, _store.DeliveredSnapshot()[0].EventId);
        var subscription = _store.Get("s1");
        Assert.Equal(Subscription.Types.State.Completed, subscription.State);
        Assert.Equal(Delivery.Types.Outcome.Delivered, subscription.LastDelivery!.Outcome);
        Assert.Equal(204, subscription.LastDelivery.HttpStatus);
        await WatchTestKit.Until(() => _telemetry.Meters.Of("taskgateway.events.deliveries").Any());
        var counted = Assert.Single(_telemetry.Meters.Of("taskgateway.events.deliveries"));
        Assert.Equal(EngineTelemetry.Delivered, counted.Tags["outcome"]);
        Assert.Equal(EventTypes.Matched, counted.Tags["type"]);
        Assert.Equal(1, Assert.Single(_telemetry.Meters.Of("taskgateway.events.delivery.attempts")).Value);
    }

    [Fact]
    public async Task Deliver_OwnerRefused_NothingSentLeaseGivenBackUntouchedAndNeverClaimedAgain()
    {
        var refused = await EnqueueAsync("s1", "t1");
        await EnqueueAsync("s2", "t2");
        _owners.Refused["s1"] = "its owner's API key 'k' is not granted its target";

        await _dispatcher.StartAsync(_stop.Token);
        await WatchTestKit.Until(() => _store.DeliveredSnapshot().Count == 1 && _store.CallsOf("ReleaseAsync") == 1);
        await ClaimedTwiceMoreAsync();

        // Only s2's event went out. s1's is pending as it was (no attempt, due as before) for a replica that
        // accepts its owner, its subscription untouched; this replica released it once and claims it no more.
        Assert.Equal("s2", Assert.Single(_sender.Attempts).Claimed.Event.SubscriptionId);
        Assert.Equal((0, _time.GetUtcNow()), _store.PendingOf(refused.EventId));
        Assert.Equal(Subscription.Types.State.Active, _store.Get("s1").State);
        Assert.Null(_store.Get("s1").LastDelivery);
        Assert.Equal(1, _store.CallsOf("ReleaseAsync"));
        Assert.Equal(["s1"], _suspensions.Suspended);
    }

    [Fact]
    public async Task Deliver_SinkGone_DisablesAtOnce()
    {
        _sender.Answer = _ => new DeliveryResult(DeliveryResultKind.Gone, 410, "HTTP 410");
        await EnqueueAsync("s1", "t1");
        await EnqueueAsync("s1", "t2");

        await _dispatcher.StartAsync(_stop.Token);
        await WatchTestKit.Until(() => _store.Get("s1").State == Subscription.Types.State.Disabled);

        Assert.Single(_sender.Attempts);
        Assert.Null(_store.PendingOf(EventIds.Of("s1", EventIds.DedupeKey(EngineTestKit.TaskName("t2"), "a"))));
        await WatchTestKit.Until(() => _telemetry.Meters.Of("taskgateway.events.deliveries").Any());
        Assert.Equal(EngineTelemetry.Gone, Assert.Single(_telemetry.Meters.Of("taskgateway.events.deliveries")).Tags["outcome"]);
    }

    [Fact]
    public async Task Deliver_KeepsFailing_RetriesOnTheScheduleThenDisables()
    {
        _sender.Answer = _ => new DeliveryResult(DeliveryResultKind.Failed, 500, "HTTP 500");
        var e = await EnqueueAsync("s1", "t1");

        await _dispatcher.StartAsync(_stop.Token);
        for (var attempt = 1; attempt <= Delays.Length; attempt++)
        {
            var made = attempt;
            await WatchTestKit.Until(() => _store.PendingOf(e.EventId)?.Attempts == made);
            Assert.Equal(_sender.Attempts.Last().Time + Delays[attempt - 1], _store.PendingOf(e.EventId)!.Value.Due);
            Assert.Equal(Delivery.Types.Outcome.Retrying, _store.Get("s1").LastDelivery!.Outcome);

            // Nothing goes out before the delay is over; once it is, the next attempt does.
            _time.Advance(Delays[attempt - 1] - TimeSpan.FromSeconds(1));
            await ClaimedTwiceMoreAsync();
            Assert.Equal(attempt, _sender.Attempts.Count);
            _time.Advance(TimeSpan.FromSeconds(1));
            await NotifyUntil(() => _sender.Attempts.Count == made + 1);
        }

        await WatchTestKit.Until(() => _store.Get("s1").State == Subscription.Types.State.Disabled);
        Assert.Equal(Delays.Length + 1, _sender.Attempts.Count);
        Assert.Equal(Delivery.Types.Outcome.Failed, _store.Get("s1").LastDelivery!.Outcome);
        Assert.Equal(Delays.Length + 1, _store.Get("s1").LastDelivery!.Attempts);
    }

    [Fact]
    public async Task Deliver_RetryAfter_NextAttemptHonoursIt()
    {
        _sender.Answer = _ => new DeliveryResult(DeliveryResultKind.Failed, 503, "HTTP 503", RetryAfter: TimeSpan.FromSeconds(42));
        var e = await EnqueueAsync("s1", "t1");

        await _dispatcher.StartAsync(_stop.Token);
        await WatchTestKit.Until(() => _store.PendingOf(e.EventId)?.Attempts == 1);

        Assert.Equal(_sender.Attempts.Single().Time + TimeSpan.FromSeconds(42), _store.PendingOf(e.EventId)!.Value.Due);
    }

    [Fact]
    public async Task Deliver_ManyEventsOfOneSubscription_InOrderOneAtATime()
    {
        var first = await EnqueueAsync("s1", "t1");
        var second = await EnqueueAsync("s1", "t2");
        var other = await EnqueueAsync("s2", "t1");
        var third = await EnqueueAsync("s1", "t3");

        await _dispatcher.StartAsync(_stop.Token);
        await WatchTestKit.Until(() => _store.DeliveredSnapshot().Count == 4);

        Assert.Equal([first.EventId, second.EventId, third.EventId], _sender.EventIds.Where(id => id != other.EventId));
        Assert.Equal(1, _sender.MaxPerSubscription);
    }

    [Fact]
    public async Task Deliver_StoreUnavailable_KeepsGoingAndDeliversOnceBack()
    {
        await EnqueueAsync("s1", "t1");
        _store.Unavailable = true;

        await _dispatcher.StartAsync(_stop.Token);
        await WatchTestKit.Until(() => _store.Refused >= 2);
        Assert.Empty(_sender.Attempts);

        _store.Unavailable = false;
        // The dispatcher waits out a growing pause (a signal does not cut it short): move the clock until it claims again.
        await AdvanceUntil(() => _store.DeliveredSnapshot().Count == 1, Backoff.First);

        Assert.Single(_store.DeliveredSnapshot());
        Assert.False(_dispatcher.ExecuteTask!.IsCompleted);
    }

    [Fact]
    public async Task Enqueued_SignalWakesTheDispatcher_BeforeItsInterval()
    {
        await _dispatcher.StartAsync(_stop.Token);
        await WatchTestKit.Until(() => _store.CallsOf("ClaimDueAsync") == 1);

        await EnqueueAsync("s1", "t1");
        _signal.Notify();

        await WatchTestKit.Until(() => _store.DeliveredSnapshot().Count == 1);
    }

    [Fact]
    public async Task Deliver_Attempt_OneSpanWithSubscriptionEventAttemptOutcomeAndStatus()
    {
        _sender.Answer = _ => new DeliveryResult(DeliveryResultKind.Failed, 500, "HTTP 500");

        // The listener hears every "TaskGateway" span in the process, and event ids are derived from the subscription,
        // task and etag: a subscription id of this test's own keeps other tests' deliveries (same ids) out of it.
        var subscription = "span-" + Guid.NewGuid().ToString("N");
        var e = await EnqueueAsync(subscription, "t1");
        var spans = new System.Collections.Concurrent.ConcurrentQueue<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = s => s.Name == "TaskGateway",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.OperationName == "events.deliver" && a.GetTagItem("cloudevents.event_id") as string == e.EventId)
                {
                    spans.Enqueue(a);
                }
            },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);

        await _dispatcher.StartAsync(_stop.Token);
        await WatchTestKit.Until(() => !spans.IsEmpty);

        var span = Assert.Single(spans);
        Assert.Equal("subscriptions/" + subscription, span.GetTagItem("taskgateway.subscription"));
        Assert.Equal(EventTypes.Changed, span.GetTagItem("cloudevents.event_type"));
        Assert.Equal(1, span.GetTagItem("taskgateway.delivery.attempt"));
        Assert.Equal(EngineTelemetry.Retrying, span.GetTagItem("taskgateway.delivery.outcome"));
        Assert.Equal(500, span.GetTagItem("http.response.status_code"));
        Assert.DoesNotContain(span.TagObjects, t => t.Value is string v && (v.Contains("sink.example", StringComparison.Ordinal) || v.Contains("whsec_", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Housekeeping_Running_GaugesShowTheOutboxAndDeliveredArePruned()
    {
        _sender.Hold();
        await EnqueueAsync("s1", "t1");
        await EnqueueAsync("s2", "t1");
        _time.Advance(TimeSpan.FromSeconds(30));

        await _dispatcher.StartAsync(_stop.Token);
        await WatchTestKit.Until(() => _store.CallsOf("StatsAsync") == 1 && _store.CallsOf("PruneDeliveredAsync") == 1);

        Assert.Equal(2, Assert.Single(_telemetry.Meters.Observe("taskgateway.events.outbox.depth")).Value);
        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromHours(24), Assert.Single(_store.PrunedBefore));
        _sender.Release();
    }

    [Fact]
    public async Task Stop_DeliveryInFlight_FinishesWithinTheGrace()
    {
        _sender.Hold();
        await EnqueueAsync("s1", "t1");
        await _dispatcher.StartAsync(_stop.Token);
        await WatchTestKit.Until(() => _sender.Attempts.Count == 1);

        var stopping = _dispatcher.StopAsync(CancellationToken.None);
        var claims = _store.CallsOf("ClaimDueAsync");
        Assert.False(stopping.IsCompleted);
        _sender.Release();
        await stopping;

        Assert.Single(_store.DeliveredSnapshot());
        Assert.Equal(claims, _store.CallsOf("ClaimDueAsync"));
    }

    [Fact]
    public async Task Stop_DeliveryHangs_GivenUpAfterTheGraceLeftForTheLease()
    {
        _sender.Hold();
        var e = await EnqueueAsync("s1", "t1");
        await _dispatcher.StartAsync(_stop.Token);
        await WatchTestKit.Until(() => _sender.Attempts.Count == 1);

        var stopping = _dispatcher.StopAsync(CancellationToken.None);
        await AdvanceUntil(() => stopping.IsCompleted, OutboxDispatcher.ShutdownGrace);
        await stopping;

        Assert.Empty(_store.DeliveredSnapshot());
        Assert.Equal(0, _store.PendingOf(e.EventId)!.Value.Attempts);
    }

    [Fact]
    public async Task Start_EventsDisabled_ReturnsAtOnceTouchingNothing()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new EventsOptions { Enabled = false });
        var telemetry = new EngineTelemetry(_telemetry.Telemetry);
        var delivery = new OutboxDelivery(_store, _sender, new RetrySchedule(options), _owners, _suspensions, telemetry, _time, NullLogger<OutboxDispatcher>.Instance);
        using var dispatcher = new OutboxDispatcher(_store, delivery, _signal, _suspensions, telemetry, _time, options, NullLogger<OutboxDispatcher>.Instance);

        await dispatcher.StartAsync(CancellationToken.None);
        await WatchTestKit.Until(() => dispatcher.ExecuteTask!.IsCompleted);

        Assert.True(dispatcher.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Empty(_store.Calls);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _dispatcher.StopAsync(CancellationToken.None);
        _dispatcher.Dispose();
        _stop.Dispose();
        _telemetry.Meters.Dispose();
        _telemetry.Services.Dispose();
    }

    // Signals the dispatcher until the condition holds: a signal it consumed before the test's change is not lost time.
    private Task NotifyUntil(Func<bool> condition) => WatchTestKit.Until(() =>
    {
        if (condition())
        {
            return true;
        }

        _signal.Notify();
        return false;
    });

    // Moves the clock a step at a time until the condition holds: for a pause whose timer may not be set yet.
    private Task AdvanceUntil(Func<bool> condition, TimeSpan step) => WatchTestKit.Until(() =>
    {
        if (condition())
        {
            return true;
        }

        _time.Advance(step);
        return false;
    });

    // Two claims more than now: at least one began after the caller's change of the clock.
    private Task ClaimedTwiceMoreAsync()
    {
        var claims = _store.CallsOf("ClaimDueAsync");
        return NotifyUntil(() => _store.CallsOf("ClaimDueAsync") >= claims + 2);
    }

    private OutboxDispatcher NewDispatcher(EventsOptions settings)
    {
        var telemetry = new EngineTelemetry(_telemetry.Telemetry);
        var options = Microsoft.Extensions.Options.Options.Create(settings);
        var delivery = new OutboxDelivery(_store, _sender, new RetrySchedule(options), _owners, _suspensions, telemetry, _time, NullLogger<OutboxDispatcher>.Instance);
        return new OutboxDispatcher(_store, delivery, _signal, _suspensions, telemetry, _time, options, NullLogger<OutboxDispatcher>.Instance);
    }

    private async Task<OutboxEvent> EnqueueAsync(string subscription, string task, bool final = false, string owner = "")
    {
        if (_added.Add(subscription))
        {
            _store.Add(EngineTestKit.TaskSubscription(subscription, task) with { Owner = owner });
        }

        var e = EventOutbox.Build(subscription, final ? EventTypes.Matched : EventTypes.Changed, EngineTestKit.Task(task, "a"), _time.GetUtcNow(), final);
        Assert.True(await _store.EnqueueAsync(e, _time.GetUtcNow(), CancellationToken.None));
        return e;
    }
}
