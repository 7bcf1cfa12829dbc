using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TaskGateway.Contracts.V1;
using TaskGateway.Watch;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.Tests.Watch;

/// <summary>A scripted backend, a fake clock and helpers that wait for the poll loop without sleeping.</summary>
internal sealed class WatchTestKit
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    public WatchTestKit(Func<int, IReadOnlyList<CloudTask>> script, WatchOptions? options = null, Microsoft.Extensions.Logging.ILogger<WatchHub>? logger = null,
        TaskGateway.Core.Telemetry.GatewayTelemetry? telemetry = null, IPollCoordination? coordination = null, PollerKey? key = null)
    {
        Source = new ScriptedSource(script);
        Options = options ?? new WatchOptions();
        Key = key ?? Key;
        // The engine always counts on a meter: a test that reads none gets one of its own.
        Services = new WatchEngineServices(Microsoft.Extensions.Options.Options.Create(Options), Time, logger ?? NullLogger<WatchHub>.Instance,
            telemetry ?? WatchProbes.Telemetry().Telemetry, coordination ?? LocalPollCoordination.Instance, Observer);
        Hub = new WatchHub(Services);
    }

    /// <summary>The engine's collaborators, as DI groups them.</summary>
    public WatchEngineServices Services { get; }

    public CountingWatchObserver Observer { get; } = new();

    public RecordingTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    public ScriptedSource Source { get; }

    public WatchOptions Options { get; }

    public WatchHub Hub { get; }

    public PollerKey Key { get; } = new("src", "sources/src/accounts/a/tasks/t", string.Empty);

    public static CloudTask Task(string etag, State state = State.Running) =>
        new() { Name = "sources/src/accounts/a/tasks/t", Etag = etag, State = state, Done = state is State.Succeeded or State.Failed };

    /// <summary>A stream runner on this kit's hub, as DI builds it.</summary>
    public WatchStreams Streams(TaskGateway.Core.Paging.PageTokenCodec tokens, CancellationToken shutdown = default) => new(Hub, tokens, Services, shutdown);

    public WatcherInbox Subscribe(TimeSpan? max = null) => Hub.Subscribe(Key, () => Source, Interval, max ?? Interval);

    /// <summary>Advances the clock once the poller waits for its next poll, then waits for that poll.</summary>
    public async Task NextPollAsync(TimeSpan by)
    {
        // Every poll is followed by a wait (unless the poller ended): advance only once the timer exists.
        await Until(() => Hub.ActivePollers == 0 || Observer.WaitsOf(Key) >= Source.Fetches);
        var fetches = Source.Fetches;
        Time.Advance(by);
        await Until(() => Source.Fetches > fetches || Hub.ActivePollers == 0);
    }

    /// <summary>Waits until the poller has made n polls and is waiting for the next one.</summary>
    public Task PolledAsync(int n) => Until(() => Source.Fetches >= n && Observer.WaitsOf(Key) >= n);

    /// <summary>
    /// Waits until a condition holds, checking it on a short back-off (1 ms doubling to 16 ms) rather than spinning on
    /// <c>Task.Yield</c>, which held a core for as long as the condition took on a two-core machine. The bound is
    /// generous for a loaded machine and only ends a wait that has already failed.
    /// </summary>
    public static async Task Until(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        var pause = 1;
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("The condition did not hold.");
            }

            await System.Threading.Tasks.Task.Delay(pause);
            pause = Math.Min(pause * 2, 16);
        }
    }

    internal sealed class ScriptedSource(Func<int, IReadOnlyList<CloudTask>> script) : ISnapshotSource
    {
        private int _fetches;

        public int Fetches => Volatile.Read(ref _fetches);

        public Task<IReadOnlyList<CloudTask>> FetchAsync(CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref _fetches);
            try
            {
                return System.Threading.Tasks.Task.FromResult(script(n));
            }
            catch (Exception e)
            {
                return System.Threading.Tasks.Task.FromException<IReadOnlyList<CloudTask>>(e);
            }
        }

        public bool IsFinal(IReadOnlyList<CloudTask> tasks) => tasks.Count == 1 && tasks[0].Done;
    }

    /// <summary>A fake clock that also records the due time of every timer created on it (a poller's wait is one).</summary>
    internal sealed class RecordingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
    {
        public System.Collections.Concurrent.ConcurrentQueue<TimeSpan> DueTimes { get; } = new();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            DueTimes.Enqueue(dueTime);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
