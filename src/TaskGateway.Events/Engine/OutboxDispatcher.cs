using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskGateway.Events.Store;

namespace TaskGateway.Events.Engine;

/// <summary>
/// Sends the outbox: claims due events under a lease of this replica (each subscription's oldest only, so one
/// subscription's events go in order; callers in turn, the one holding fewest slots first, and while other callers have
/// subscriptions none taking more past MaxConcurrentDeliveriesPerCaller), delivers up to MaxConcurrentDeliveries at once
/// (<see cref="OutboxDelivery"/>), and
/// claims again when one finishes, when this replica enqueued something, or every DispatchInterval. An unavailable
/// store is logged and tried again after a growing pause; what is pending goes out once it is back. On shutdown it
/// stops claiming and gives deliveries in flight a few seconds; a lease not completed expires and a peer (or this
/// replica after a restart) sends the event again: at least once.
/// </summary>
internal sealed class OutboxDispatcher : BackgroundService
{
    /// <summary>How long deliveries in flight may go on once the host stops.</summary>
    public static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    /// <summary>How often the outbox's figures are read for the gauges.</summary>
    public static readonly TimeSpan StatsInterval = TimeSpan.FromSeconds(5);

    /// <summary>How often delivered events are pruned.</summary>
    public static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);

    /// <summary>How long a delivered event is kept: its dedupe key refuses a replica that saw the same state late.</summary>
    public static readonly TimeSpan DeliveredRetention = TimeSpan.FromHours(24);

    private readonly ISubscriptionStore _store;
    private readonly OutboxDelivery _delivery;
    private readonly OutboxSignal _signal;
    private readonly OwnerSuspensions _suspensions;
    private readonly EngineTelemetry _telemetry;
    private readonly TimeProvider _time;
    private readonly EventsOptions _options;
    private readonly ILogger _logger;
    private readonly Backoff _backoff = new();
    private DateTimeOffset _nextStats = DateTimeOffset.MinValue;
    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;

    public OutboxDispatcher(ISubscriptionStore store, OutboxDelivery delivery, OutboxSignal signal, OwnerSuspensions suspensions, EngineTelemetry telemetry,
        TimeProvider time, IOptions<EventsOptions> options, ILogger<OutboxDispatcher> logger)
    {
        _suspensions = suspensions;
        _store = store;
        _delivery = delivery;
        _signal = signal;
        _telemetry = telemetry;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>This process's name in leases: random, so a restarted process never mistakes a dead one's leases for its own.</summary>
    public string Replica { get; } = "replica-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        // Deliveries are traces of their own, not children of whatever started the host.
        System.Diagnostics.Activity.Current = null;
        using var sends = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        var inFlight = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                inFlight.RemoveAll(t => t.IsCompleted);
                await HousekeepAsync(stoppingToken).ConfigureAwait(false);
                var (wait, wake) = await ClaimAsync(inFlight, sends.Token, stoppingToken).ConfigureAwait(false);
                await WaitAsync(wait, wake, inFlight, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: claim nothing more.
        }
        finally
        {
            sends.CancelAfter(ShutdownGrace);
            await Task.WhenAll(inFlight).ConfigureAwait(false);
        }
    }

    // Claims what fits in the free slots and starts delivering it; how long to wait next and whether a signal may cut it short.
    private async Task<(TimeSpan Wait, bool Wake)> ClaimAsync(List<Task> inFlight, CancellationToken sends, CancellationToken stopping)
    {
        var free = _options.MaxConcurrentDeliveries - inFlight.Count;
        if (free <= 0)
        {
            return (_options.DispatchInterval, true);
        }

        try
        {
            var claimed = await _store.ClaimDueAsync(Replica, _time.GetUtcNow(), _options.LeaseDuration, free,
                _options.EffectiveMaxConcurrentDeliveriesPerCaller, _suspensions.Suspended, stopping).ConfigureAwait(false);
            _backoff.Reset();
            foreach (var item in claimed)
            {
                inFlight.Add(_delivery.DeliverAsync(item, sends));
            }

            return (_options.DispatchInterval, true);
        }
        catch (EventStoreUnavailableException e)
        {
            // Signals would only bring the next failure sooner: wait the pause out.
            var delay = _backoff.Next();
            EngineLog.StoreUnavailable(_logger, e.Setting, delay, e.Message);
            return (delay, false);
        }
    }

    private async Task WaitAsync(TimeSpan wait, bool wake, List<Task> inFlight, CancellationToken stopping)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var waits = new List<Task> { Task.Delay(wait, _time, waiting.Token) };
        if (wake)
        {
            waits.Add(_signal.WaitAsync(waiting.Token));
        }

        if (inFlight.Count > 0)
        {
            // A delivery that finishes frees a slot, and lets its subscription's next event be claimed.
            waits.Add(Task.WhenAny(inFlight));
        }

        await Task.WhenAny(waits).ConfigureAwait(false);
        await waiting.CancelAsync().ConfigureAwait(false);
        stopping.ThrowIfCancellationRequested();
    }

    // The gauges' figures every few seconds, delivered events pruned every hour; neither may stop the loop.
    private async Task HousekeepAsync(CancellationToken stopping)
    {
        var now = _time.GetUtcNow();
        try
        {
            if (now >= _nextStats)
            {
                _nextStats = now + StatsInterval;
                _telemetry.Observe(await _store.StatsAsync(now, stopping).ConfigureAwait(false));
            }

            if (now >= _nextPrune)
            {
                _nextPrune = now + PruneInterval;
                await _store.PruneDeliveredAsync(now - DeliveredRetention, stopping).ConfigureAwait(false);
            }
        }
        catch (EventStoreUnavailableException)
        {
            // The claim that follows reports the store; the gauges keep their last figures, pruning waits an hour.
        }
    }
}
