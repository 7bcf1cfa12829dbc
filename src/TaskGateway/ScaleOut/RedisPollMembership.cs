using StackExchange.Redis;
using TaskGateway.Contracts.V1;
using TaskGateway.Watch;

namespace TaskGateway.ScaleOut;

/// <summary>
/// One poller's part in a key's coordination. Every third of the lease's TTL it renews its lease if it leads, or tries
/// to take it (SET NX with a TTL; the fencing token is an INCR, kept above Redis' clock) if nobody holds it: a dead leader's keys are taken
/// over once its lease expires. The leader shares each poll on the key's channel (when the tasks changed) and as the
/// key's last state (read by every follower at each look: for replicas that join later, and to repair a missed
/// message; the leader signs it again at every renewal, so it never looks old); messages carry the fencing token, the
/// leader's sequence number and their send time, and a replica believes only recent ones, none while it leads, and none
/// older than the newest it has seen (<see cref="SharedStateAdmission"/>): a paused former leader cannot overwrite its
/// successor, and a genuine message replayed later (by anyone who can read Redis) is dropped. When Redis cannot be
/// reached, the poller polls for itself until it can.
/// </summary>
internal sealed class RedisPollMembership : IPollMembership
{
    // Returns the fencing token when the lease was free, else minus the time the holder's lease has left (ms).
    // The fencing token grows with every acquisition, and never falls below Redis' clock in milliseconds: a Redis
    // restarted without persistence starts its counters again, yet a new leader's token still beats the old ones.
    // The same reasoning lets the fencing key expire (no key of the gateway lives forever): it lives until Redis'
    // clock has passed the token it holds by three TTLs (fence - now + 3 TTL from now), so when it is gone the clock,
    // which the next token cannot fall below, is already beyond every token it ever handed out. Tokens stay monotonic
    // as long as Redis' clock does, which the restart case above assumes too.
    private const string Acquire = """
        if not redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return -math.max(redis.call('pttl', KEYS[1]), 0) end
        local t = redis.call('time')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local fence = redis.call('incr', KEYS[2])
        if fence < now then
            redis.call('set', KEYS[2], now)
            fence = now
        end
        redis.call('pexpire', KEYS[2], ARGV[2] * 3 + fence - now)
        return fence
        """;
    // Renewing the lease also keeps the last state alive: it expires three TTLs after its leader stopped renewing.
    private const string Renew = """
        if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('pexpire', KEYS[2], ARGV[2] * 3)
        return redis.call('pexpire', KEYS[1], ARGV[2])
        """;

    // A leader that stops (its watchers left, or its task is final) hands the key over at once, and takes its last
    // state with it: a replica that watches the key later must not start from a state nobody keeps current.
    private const string Release = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1], KEYS[2]) else return 0 end";

    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromMilliseconds(20);

    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;
    private readonly SharedStateAdmission _admission;
    private readonly RedisMac _mac;
    private readonly RedisRejections _rejections;
    private readonly string _context;
    private readonly string _resource;
    private readonly Action<SharedSnapshot> _received;
    private readonly string _member;
    private readonly RedisKey _lease;
    private readonly RedisKey _fence;
    private readonly RedisKey _last;
    private readonly RedisChannel _channel;
    private readonly TimeSpan _ttl;
    private readonly ITimer _timer;
    private readonly Action<RedisChannel, RedisValue> _handler;
    private volatile bool _leading;
    private volatile bool _local;
    private volatile bool _peerFailed;
    private bool _subscribed;
    private long _fenceValue;
    private long _sequence;
    private long _ownPollMs;
    private SharedSnapshot? _lastShared;
    private readonly Lock _turnGate = new();
    private TaskCompletionSource _turn = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _ticking;
    private int _disposed;

    public RedisPollMembership(RedisConnection redis, RedisMac mac, RedisRejections rejections, TimeProvider time, string id, string resource, Action<SharedSnapshot> received)
    {
        _redis = redis;
        _time = time;
        _mac = mac;
        _rejections = rejections;
        // A message is signed for this key's identity: valid on this key's channel and last state, dropped anywhere else.
        _context = "snapshot:" + redis.Name("key", id);
        _resource = resource;
        _received = received;
        _member = $"{redis.ReplicaId}:{Guid.NewGuid():N}";
        _lease = redis.Name("lease", id);
        _fence = redis.Name("fence", id);
        _last = redis.Name("last", id);
        _channel = RedisChannel.Literal(redis.Name("watch", id));
        _ttl = redis.Options.LeaseTtl;
        // The last state is signed again every third of a TTL, so a genuine state is never a TTL old; replicas' clocks
        // agree far better than that (NTP keeps them within milliseconds).
        _admission = new SharedStateAdmission(time, _ttl);
        _handler = (_, value) => OnMessage(value, "message");
        _timer = time.CreateTimer(static state => _ = ((RedisPollMembership)state!).TickAsync(), this, TimeSpan.Zero, _ttl / 3);
    }

    public bool ShouldPoll => _leading || _local || _peerFailed;

    // Until the first look at the lease, look again soon: a new key's first watcher should not wait a third of a TTL.
    // A follower's poller waits on this, so it resumes polling the moment this replica takes the key over.
    public Task WaitToPollAsync(CancellationToken cancellationToken)
    {
        lock (_turnGate)
        {
            if (ShouldPoll)
            {
                return Task.CompletedTask;
            }

            if (_turn.Task.IsCompleted)
            {
                _turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return _turn.Task.WaitAsync(cancellationToken);
        }
    }

    // Called after the state changes: wakes a waiting poller when this replica should poll now.
    private void UpdateTurn()
    {
        lock (_turnGate)
        {
            if (ShouldPoll)
            {
                _turn.TrySetResult();
            }
        }
    }

    public void Share(IReadOnlyList<CloudTask> tasks, bool changed, bool final)
    {
        if (!_leading || _local)
        {
            // Polled for itself (Redis away, or the leader's poll failed): its watchers now have a state that may be
            // newer than the one a leader polled earlier and still holds as the key's last state.
            Interlocked.Exchange(ref _ownPollMs, _time.GetUtcNow().ToUnixTimeMilliseconds());
        }

        Send(tasks, changed || final, final, failed: false);
    }

    public void ShareFailure() => Send([], publish: true, final: false, failed: true);

    private void Send(IReadOnlyList<CloudTask> tasks, bool publish, bool final, bool failed)
    {
        if (!_leading || _local || _redis.Multiplexer is not { IsConnected: true } mux)
        {
            return;
        }

        if (!failed)
        {
            Volatile.Write(ref _lastShared, new SharedSnapshot(tasks, final, Failed: false));
        }

        var message = SharedSnapshotCodec.Encode(_mac, _context, Interlocked.Read(ref _fenceValue), Interlocked.Increment(ref _sequence),
            _time.GetUtcNow().ToUnixTimeMilliseconds(), _member, tasks, final, failed);
        var db = mux.GetDatabase();
        // Fire and forget: a poll never waits for Redis; a lost message is repaired by the next change or the last state.
        if (!failed)
        {
            db.StringSet(_last, message, _ttl * 3, flags: CommandFlags.FireAndForget);
        }

        if (publish)
        {
            mux.GetSubscriber().Publish(_channel, message, CommandFlags.FireAndForget);
        }
    }

    private async Task TickAsync()
    {
        if (Volatile.Read(ref _disposed) == 1 || Interlocked.Exchange(ref _ticking, 1) == 1)
        {
            return;
        }

        try
        {
            var db = await ConnectAsync().ConfigureAwait(false);
            var ttl = (long)_ttl.TotalMilliseconds;
            if (_leading)
            {
                await RenewAsync(db, ttl).ConfigureAwait(false);
            }

            if (!_leading)
            {
                await TryAcquireAsync(db, ttl).ConfigureAwait(false);
            }

            // A follower also reads the last state at every look: a message it missed (a reconnect) is repaired within
            // a third of the TTL, and one that joined late starts from it. Older states than one already heard are dropped.
            if (!_leading && await db.StringGetAsync(_last).ConfigureAwait(false) is { HasValue: true } last)
            {
                OnMessage(last, "state");
            }

            _local = false;
            _redis.Reachable();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // No coordination: poll for ourselves (watch streams go on), and try again at the next tick.
            _leading = false;
            _local = true;
            _redis.Unreachable(e);
        }
        finally
        {
            UpdateTurn();
            Volatile.Write(ref _ticking, 0);
        }
    }

    // The connection, subscribed to the key's channel once; a connection that is down is a Redis failure of this tick.
    private async Task<IDatabase> ConnectAsync()
    {
        var mux = await _redis.GetAsync().ConfigureAwait(false);
        if (!mux.IsConnected)
        {
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "not connected");
        }

        if (!_subscribed)
        {
            await mux.GetSubscriber().SubscribeAsync(_channel, _handler).ConfigureAwait(false);
            _subscribed = true;
        }

        return mux.GetDatabase();
    }

    // A leader renews its lease (and stays leading only if it still holds it), then shares its last state again.
    private async Task RenewAsync(IDatabase db, long ttl)
    {
        _leading = (long)await db.ScriptEvaluateAsync(Renew, [_lease, _last], [_member, ttl]).ConfigureAwait(false) == 1;
        if (_leading && Volatile.Read(ref _lastShared) is { } shared)
        {
            // Sign the last state again with the time of now: followers that look at it believe only recent
            // states, so that an old one replayed into the key is not believed either.
            Send(shared.Tasks, publish: false, shared.Final, failed: false);
        }
    }

    // A follower takes the lease when it is free (with the next fence), or looks again right after it runs out.
    private async Task TryAcquireAsync(IDatabase db, long ttl)
    {
        var fence = (long)await db.ScriptEvaluateAsync(Acquire, [_lease, _fence], [_member, ttl]).ConfigureAwait(false);
        if (fence > 0)
        {
            Interlocked.Exchange(ref _fenceValue, fence);
            _admission.Led(fence);
            _leading = true;
        }
        else if (TimeSpan.FromMilliseconds(-fence) is var left && left < _ttl / 3)
        {
            // The holder's lease runs out before the next look: look right after it does, so a dead leader's
            // key is taken over within one TTL of its last renewal, not a third of a TTL later.
            _timer.Change(left + ExpiryMargin, _ttl / 3);
        }
    }

    private void OnMessage(RedisValue value, string kind)
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            return;
        }

        // Verified before anything in it is believed: a forged fence never reaches the ordering below.
        if (!SharedSnapshotCodec.TryDecode(_mac, _context, _resource, ((ReadOnlyMemory<byte>)value).Span, out var fence, out var sequence, out var sentAt, out var sender, out var snapshot, out var reason))
        {
            _rejections.Reject(kind, reason);
            return;
        }

        if (sender == _member)
        {
            return;
        }

        // Recent, not this replica's own key to poll, and newer than anything seen: the same state again passes, and the
        // poller ignores it (same etags).
        switch (_admission.Admit(fence, sequence, sentAt, _leading))
        {
            case SharedStateVerdict.Stale:
                _rejections.Reject(kind, SharedSnapshotCodec.Reasons.Stale);
                return;
            case SharedStateVerdict.Ignored:
                return;
        }

        // A leader whose poll failed makes followers poll for themselves, until it shares a state again.
        _peerFailed = snapshot.Failed;
        if (snapshot.Failed)
        {
            UpdateTurn();
            return;
        }

        // After polling for itself, a replica takes no state from a leader until the leader shares a change it polled
        // later (a channel message is sent right after its poll): a last state, or a message, polled before its own
        // poll may be older than what its watchers already have (after Redis came back: step 4 polled here, then the
        // new leader's step 3 read from its last state), and a watcher must never see a state go backwards.
        if (Interlocked.Read(ref _ownPollMs) is var own && own != 0)
        {
            if (kind != "message" || sentAt <= own)
            {
                return;
            }

            Interlocked.CompareExchange(ref _ownPollMs, 0, own);
        }

        _received(snapshot);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _timer.Dispose();
        if (_redis.Multiplexer is { IsConnected: true } mux)
        {
            if (_subscribed)
            {
                // This handler only: a new poller of the same key in this process may already listen on the channel.
                mux.GetSubscriber().Unsubscribe(_channel, _handler, CommandFlags.FireAndForget);
            }

            // Hand the key over at once rather than after the TTL: another replica with watchers takes it at its next look.
            if (_leading)
            {
                mux.GetDatabase().ScriptEvaluate(Release, [_lease, _last], [_member], CommandFlags.FireAndForget);
            }
        }
    }
}
