using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskGateway.Core.Sources;
using TaskGateway.Events.Store;
using TaskGateway.Watch;

namespace TaskGateway.Events.Engine;

/// <summary>Builds a subscription's watch with what it needs: its target resolved the way WatchTask and WatchTasks resolve theirs, and the handler for its kind of target.</summary>
internal sealed class SubscriptionWatchFactory
{
    private readonly WatchHub _hub;
    private readonly SourceRegistry _sources;
    private readonly WatchOptions _watch;
    private readonly ISubscriptionStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StoreRetry _retry;
    private readonly EventOutbox _outbox;

    public SubscriptionWatchFactory(WatchHub hub, SourceRegistry sources, IOptions<WatchOptions> watch, ISubscriptionStore store, OutboxSignal signal,
        EngineTelemetry telemetry, TimeProvider time, ILogger<SubscriptionWatcher> logger)
    {
        _hub = hub;
        _sources = sources;
        _watch = watch.Value;
        _store = store;
        _time = time;
        _logger = logger;
        _retry = new StoreRetry(time, logger);
        _outbox = new EventOutbox(store, _retry, signal, telemetry, logger);
    }

    public SubscriptionWatch Create(SubscriptionRecord subscription, long generation) =>
        new(subscription, generation, _hub, () => WatchTarget.Of(subscription, _sources, _watch), target => Handler(subscription, target), _time, _logger);

    private ITargetHandler Handler(SubscriptionRecord subscription, WatchSpec target) => subscription.TaskTarget
        ? new TaskTargetHandler(subscription, target.Until, _outbox)
        : new CollectionTargetHandler(subscription, target.Filter, _store, _retry, _outbox);
}
