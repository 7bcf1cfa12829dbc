using System.Collections.Frozen;
using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Caching.Hybrid;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Names;
using TaskGateway.Core.Resilience;
using TaskGateway.Core.Sources;
using TaskGateway.Core.Telemetry;

namespace TaskGateway.Services;

/// <summary>
/// GetTask's upstream fetches, shared through HybridCache: identical calls already in flight (same source, task and
/// credential scope) wait for one upstream call instead of making their own (single-flight, never stale), and a
/// source that opts into a freshness window serves a fetched task again within it. Failures are never shared
/// beyond the calls that were waiting for them, and never cached.
/// </summary>
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
        var options = _windows.GetValueOrDefault(name.Source, InFlightOnly);

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

    private sealed record Fetch(ITaskBackend Backend, ResourceName Name, UpstreamCall Call, Activity? Parent, string Key);

    /// <summary>
    /// A fetched task as shared between callers. Immutable by contract: nothing after the fetch mutates the task (the
    /// service only places it in a response), so HybridCache may hand one instance to every caller instead of a copy.
    /// </summary>
    [ImmutableObject(true)]
    internal sealed record SharedTask(CloudTask Task, string Key);
}
