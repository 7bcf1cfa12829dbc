using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskGateway.Events.Store;

namespace TaskGateway.Events.Engine;

/// <summary>
/// Keeps one watch per subscription the store lists as watched and whose owner this replica's caller settings accept
/// (<see cref="ISubscriptionOwners"/>): at start and every RefreshInterval it reads the list,
/// starts the new ones and stops those no longer listed (deleted, disabled, or settled on another replica); creations
/// and deletions on this replica (<see cref="SubscriptionChanges"/>) start or stop one at once. An unavailable store is
/// logged and read again after a growing pause; the watches already running go on meanwhile.
/// </summary>
internal sealed class SubscriptionWatcher : BackgroundService
{
    private readonly Lock _gate = new();

    // Under _gate.
    private readonly Dictionary<string, SubscriptionWatch> _watches = new(StringComparer.Ordinal);
    private readonly ISubscriptionStore _store;
    private readonly SubscriptionChanges _changes;
    private readonly SubscriptionWatchFactory _factory;
    private readonly ISubscriptionOwners _owners;
    private readonly OwnerSuspensions _suspensions;
    private readonly TimeProvider _time;
    private readonly EventsOptions _options;
    private readonly ILogger _logger;
    private readonly Backoff _backoff = new();

    // Under _gate: counts watches started, so a refresh whose read began before a watch started leaves that one alone.
    private long _generation;

    public SubscriptionWatcher(ISubscriptionStore store, SubscriptionChanges changes, SubscriptionWatchFactory factory, ISubscriptionOwners owners,
        OwnerSuspensions suspensions, TimeProvider time, IOptions<EventsOptions> options, ILogger<SubscriptionWatcher> logger)
    {
        _suspensions = suspensions;
        _store = store;
        _changes = changes;
        _factory = factory;
        _owners = owners;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The ids of the subscriptions watched now.</summary>
    public IReadOnlyList<string> Watched
    {
        get
        {
            lock (_gate)
            {
                return [.. _watches.Keys];
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        try
        {
            Task<bool>? changed = null;
            while (!stoppingToken.IsCancellationRequested)
            {
                var delay = await RefreshAsync(stoppingToken).ConfigureAwait(false);
                var refresh = Task.Delay(delay, _time, stoppingToken);
                while (!refresh.IsCompleted)
                {
                    changed ??= _changes.Reader.WaitToReadAsync(stoppingToken).AsTask();
                    if (await Task.WhenAny(changed, refresh).ConfigureAwait(false) == changed)
                    {
                        changed = null;
                        ApplyChanges();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            await StopAllAsync().ConfigureAwait(false);
        }
    }

    // Reads the watched subscriptions and reconciles; the delay before the next read.
    private async Task<TimeSpan> RefreshAsync(CancellationToken token)
    {
        long before;
        lock (_gate)
        {
            before = _generation;
        }

        IReadOnlyList<SubscriptionRecord> listed;
        try
        {
            listed = await _store.ListWatchingAsync(token).ConfigureAwait(false);
        }
        catch (EventStoreUnavailableException e)
        {
            var delay = _backoff.Next();
            EngineLog.StoreUnavailable(_logger, e.Setting, delay, e.Message);
            return delay < _options.RefreshInterval ? delay : _options.RefreshInterval;
        }

        _backoff.Reset();
        listed = WithoutRefused(listed);
        var ids = listed.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var gone in _watches.Values.Where(w => w.Generation <= before && !ids.Contains(w.Subscription.Id)).ToList())
            {
                StopLocked(gone.Subscription.Id);
            }

            foreach (var subscription in listed)
            {
                StartLocked(subscription);
            }
        }

        return _options.RefreshInterval;
    }

    // Subscriptions whose owners this replica's settings refuse are not watched (its settings are read once, so none
    // was before); they stay ACTIVE in the store for replicas whose settings accept their owners.
    private List<SubscriptionRecord> WithoutRefused(IReadOnlyList<SubscriptionRecord> listed)
    {
        var kept = new List<SubscriptionRecord>(listed.Count);
        foreach (var subscription in listed)
        {
            if (_owners.RefusedBecause(subscription) is { } reason)
            {
                _suspensions.Report(subscription.Id, reason);
            }
            else
            {
                kept.Add(subscription);
            }
        }

        return kept;
    }

    private void ApplyChanges()
    {
        lock (_gate)
        {
            while (_changes.Reader.TryRead(out var change))
            {
                if (change.Created is { } created)
                {
                    StartLocked(created);
                }
                else
                {
                    StopLocked(change.Id);
                }
            }
        }
    }

    private void StartLocked(SubscriptionRecord subscription)
    {
        if (_watches.ContainsKey(subscription.Id) || subscription.State != Contracts.V1.Subscription.Types.State.Active)
        {
            return;
        }

        var watch = _factory.Create(subscription, ++_generation);
        _watches[subscription.Id] = watch;
        watch.Start(Ended);
    }

    private void StopLocked(string id)
    {
        if (_watches.Remove(id, out var watch))
        {
            watch.Stop();
            EngineLog.StoppedWatching(_logger, id);
        }
    }

    // A watch whose final event is in the outbox leaves the set (unless a newer watch of the id replaced it).
    private void Ended(SubscriptionWatch watch)
    {
        lock (_gate)
        {
            if (_watches.TryGetValue(watch.Subscription.Id, out var current) && ReferenceEquals(current, watch))
            {
                _watches.Remove(watch.Subscription.Id);
            }
        }

        EngineLog.StoppedWatching(_logger, watch.Subscription.Id);
        watch.Dispose();
    }

    private async Task StopAllAsync()
    {
        List<SubscriptionWatch> all;
        lock (_gate)
        {
            all = [.. _watches.Values];
            _watches.Clear();
        }

        foreach (var watch in all)
        {
            watch.Stop();
        }

        await Task.WhenAll(all.Select(w => w.Completion)).ConfigureAwait(false);
    }
}
