using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics;
using Microsoft.Extensions.Caching.Hybrid;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Names;
using TaskGateway.Core.Resilience;
using TaskGateway.Core.Sources;
using TaskGateway.Core.Telemetry;
using TaskGateway.ScaleOut;

namespace TaskGateway.Services;

/// <summary>
/// GetTask's upstream fetches, shared: identical calls already in flight (same source, task and credential scope)
/// wait for one upstream call instead of making their own (single-flight, never stale), and a source that opts into a
/// freshness window serves a fetched task again within it (through HybridCache, with Redis as its second level).
/// Failures are never shared beyond the calls that were waiting for them, and never cached.
/// </summary>
/// <remarks>
/// Sources without a freshness window (the default) share calls in flight through <see cref="_inFlight"/>, not
/// HybridCache: HybridCache starts every fetch on the thread pool, a hop and an execution-context restore that each
/// call paid although nothing is cached. Here the first call runs the fetch inline, on its own thread and in its own
/// execution context (its span is the upstream span's parent without help); later identical calls join it.
/// </remarks>
internal sealed class SharedFetches
{
    // Only calls in flight are shared: nothing is written to or read from any cache level.
    private static readonly HybridCacheEntryOptions InFlightOnly = new()
    {
        Flags = HybridCacheEntryFlags.DisableLocalCache | HybridCacheEntryFlags.DisableDistributedCache | HybridCacheEntryFlags.DisableCompression,
    };

    private readonly HybridCache _cache;
    private readonly FrozenDictionary<string, HybridCacheEntryOptions> _windows;
    private readonly FrozenDictionary<string, HybridCacheEntryOptions> _refetches;
    private readonly ScaleOut.SourceFingerprints? _fingerprints;
    private readonly ScaleOut.RedisRejections? _rejections;
    private readonly ConcurrentDictionary<string, Flight> _inFlight = new(StringComparer.Ordinal);
    private int _waiting;

    public SharedFetches(HybridCache cache, SourceRegistry sources, GatewayTelemetry telemetry, Microsoft.Extensions.Options.IOptions<ScaleOut.RedisOptions> redis,
        ScaleOut.SourceFingerprints? fingerprints = null, ScaleOut.RedisRejections? rejections = null)
    {
        // With Redis (and only then) both exist: keys carry the source's fingerprint, entries are verified.
        _fingerprints = fingerprints;
        _rejections = rejections;
        // With Redis, a freshness window is shared by every replica (HybridCache's second level); calls in flight
        // are still shared within a replica only.
        var windowFlags = redis.Value.Enabled
            ? HybridCacheEntryFlags.DisableCompression
            : HybridCacheEntryFlags.DisableDistributedCache | HybridCacheEntryFlags.DisableCompression;
        telemetry.Meter.CreateObservableGauge("taskgateway.fetch.waiting", () => Waiting, "{call}",
            "GetTask calls waiting for an upstream fetch, their own or one they share.");
        _cache = cache;
        _windows = sources.Aliases
            .Where(a => sources.OptionsOf(a).Freshness > TimeSpan.Zero)
            .Select(a => KeyValuePair.Create(a, new HybridCacheEntryOptions
            {
                Expiration = sources.OptionsOf(a).Freshness,
                LocalCacheExpiration = sources.OptionsOf(a).Freshness,
                Flags = windowFlags,
            }))
            .ToFrozenDictionary(StringComparer.Ordinal);
        // A fetch that must not believe what the caches hold (an entry failed verification): it reads neither level
        // and overwrites both with what the backend says.
        _refetches = _windows.ToFrozenDictionary(w => w.Key, w => new HybridCacheEntryOptions
        {
            Expiration = w.Value.Expiration,
            LocalCacheExpiration = w.Value.LocalCacheExpiration,
            Flags = w.Value.Flags | HybridCacheEntryFlags.DisableLocalCacheRead | HybridCacheEntryFlags.DisableDistributedCacheRead,
        }, StringComparer.Ordinal);
    }

    /// <summary>The task, from a call in flight, from the freshness window, or from the backend.</summary>
    public async Task<CloudTask> GetTaskAsync(ITaskBackend backend, ResourceName name, UpstreamCall call, CancellationToken cancellationToken)
    {
        var key = KeyOf(name, call.CallerToken);
        if (!_windows.TryGetValue(name.Source, out var options))
        {
            return await InFlightAsync(backend, name, call, key, cancellationToken).ConfigureAwait(false);
        }

        // HybridCache runs the fetch on the thread pool without this call's execution context: carry what the
        // upstream call needs (credentials, purpose, the caller's span as parent) explicitly.
        var fetch = new Fetch(backend, name, call, Activity.Current, key);
        var pending = _cache.GetOrCreateAsync(key, fetch, FetchAsync, options, tags: null, cancellationToken);

        // Counted once the call has joined (or started) its fetch: GetOrCreateAsync does that before it returns.
        Interlocked.Increment(ref _waiting);
        try
        {
            SharedTask? shared;
            try
            {
                shared = await pending.ConfigureAwait(false);
            }
            catch (ScaleOut.RedisEntryRejectedException)
            {
                // HybridCache fails the call when its second level holds an entry the serializer refuses (it does not
                // fall back to the factory): the entry was dropped and counted, fetch for real below.
                shared = null;
            }

            if (shared is not null && shared.Key == key)
            {
                return shared.Task;
            }

            if (shared is not null)
            {
                // A genuine entry of this deployment, copied under another key: never served for this one.
                _rejections?.Reject("fetch", ScaleOut.SharedSnapshotCodec.Reasons.Resource);
            }

            var refetch = _refetches.GetValueOrDefault(name.Source, InFlightOnly);
            return (await _cache.GetOrCreateAsync(key, fetch, FetchAsync, refetch, tags: null, cancellationToken).ConfigureAwait(false)).Task;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <summary>Single-flight without any cache: join the identical call in flight, or start it inline.</summary>
    private async Task<CloudTask> InFlightAsync(ITaskBackend backend, ResourceName name, UpstreamCall call, string key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            while (true)
            {
                if (_inFlight.TryGetValue(key, out var running))
                {
                    if (running.TryJoin())
                    {
                        return await running.WaitAsync(cancellationToken).ConfigureAwait(false);
                    }

                    // Every caller of that fetch gave up and it is being cancelled: start a new one in its place.
                    var replacement = new Flight();
                    if (_inFlight.TryUpdate(key, replacement, running))
                    {
                        return await RunAsync(replacement, backend, name, call, key, cancellationToken).ConfigureAwait(false);
                    }

                    continue;
                }

                var flight = new Flight();
                if (_inFlight.TryAdd(key, flight))
                {
                    return await RunAsync(flight, backend, name, call, key, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <summary>The first caller: runs the fetch on its own thread, and answers every caller that joined.</summary>
    private Task<CloudTask> RunAsync(Flight flight, ITaskBackend backend, ResourceName name, UpstreamCall call, string key, CancellationToken cancellationToken)
    {
        return flight.WaitAsync(FetchAndPublishAsync(), cancellationToken);

        async Task<CloudTask> FetchAndPublishAsync()
        {
            try
            {
                // The fetch's token is the flight's: one caller giving up does not fail the others.
                var task = await backend.GetTaskAsync(name, call, flight.Token).ConfigureAwait(false);
                // Leave the dictionary before answering, so that no call joins a finished fetch (never stale).
                _inFlight.TryRemove(new KeyValuePair<string, Flight>(key, flight));
                flight.Publish(task);
                return task;
            }
            catch (Exception e)
            {
                // Failures reach the calls that were waiting for this fetch only, and are never kept.
                _inFlight.TryRemove(new KeyValuePair<string, Flight>(key, flight));
                flight.Fail(e);
                throw;
            }
        }
    }

    private static async ValueTask<SharedTask> FetchAsync(Fetch f, CancellationToken cancellationToken)
    {
        Activity.Current = f.Parent;
        return new SharedTask(await f.Backend.GetTaskAsync(f.Name, f.Call, cancellationToken).ConfigureAwait(false), f.Key);
    }

    /// <summary>Calls waiting for a fetch right now (the taskgateway.fetch.waiting gauge).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>
    /// The sharing key: the task's canonical name (already its own namespace, "sources/...") and the credential scope,
    /// so tenants with their own tokens never share; with Redis, first the source's fingerprint in this deployment
    /// (keyed by the PageTokenKey, over its endpoint and credential identity), so that deployments sharing one Redis
    /// never read each other's fetches.
    /// </summary>
    internal string KeyOf(ResourceName name, string? callerToken)
    {
        var key = callerToken is null ? name.Format() : string.Concat(name.Format(), "|", CallerTokens.KeyOf(callerToken));
        return _fingerprints is null ? key : string.Concat(_fingerprints[name.Source], "|", key);
    }

    /// <summary>
    /// One fetch in flight without a cache: its callers (the first one and those that joined) and their answer. The
    /// fetch is cancelled only when every caller has given up, as HybridCache did.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification =
        "A CancellationTokenSource without a timer or linked token holds nothing to release; disposing it would race the last caller's cancellation.")]
    private sealed class Flight
    {
        // Joined callers continue on the thread pool, so that the first caller's thread is not spent answering them.
        private readonly TaskCompletionSource<CloudTask> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _cancel = new();
        private int _callers = 1;

        public CancellationToken Token => _cancel.Token;

        /// <summary>Joins the fetch; false once every caller gave up (the fetch is being cancelled).</summary>
        public bool TryJoin()
        {
            var callers = Volatile.Read(ref _callers);
            while (callers > 0)
            {
                var seen = Interlocked.CompareExchange(ref _callers, callers + 1, callers);
                if (seen == callers)
                {
                    return true;
                }

                callers = seen;
            }

            return false;
        }

        /// <summary>A joined caller's wait for the first caller's fetch.</summary>
        public Task<CloudTask> WaitAsync(CancellationToken cancellationToken) => WaitAsync(_answer.Task, cancellationToken);

        /// <summary>Waits for the answer until this caller gives up; the last caller to give up cancels the fetch.</summary>
        public async Task<CloudTask> WaitAsync(Task<CloudTask> answer, CancellationToken cancellationToken)
        {
            if (answer.IsCompleted || !cancellationToken.CanBeCanceled)
            {
                return await answer.ConfigureAwait(false);
            }

            try
            {
                return await answer.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !answer.IsCompleted)
            {
                // Nobody may be left to observe the fetch's own failure: observe it here.
                _ = answer.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                if (Interlocked.Decrement(ref _callers) == 0)
                {
                    _cancel.Cancel();
                }

                throw;
            }
        }

        public void Publish(CloudTask task) => _answer.TrySetResult(task);

        public void Fail(Exception failure)
        {
            if (failure is OperationCanceledException cancelled)
            {
                _answer.TrySetCanceled(cancelled.CancellationToken);
            }
            else
            {
                _answer.TrySetException(failure);
                // Observed: a fetch nobody joined must not raise UnobservedTaskException.
                _ = _answer.Task.Exception;
            }
        }
    }

    private sealed record Fetch(ITaskBackend Backend, ResourceName Name, UpstreamCall Call, Activity? Parent, string Key);
}
