using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Sources;
using TaskGateway.Events;
using TaskGateway.Events.Engine;
using TaskGateway.Events.Store;
using TaskGateway.Tests.Watch;
using TaskGateway.Watch;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.Tests.Events.Engine;

/// <summary>
/// The engine's watcher on the real watch hub, a fake clock, a scripted backend under the alias "src" (polled every
/// two seconds exactly, with the gateway's own credentials unless told otherwise), the in-memory store and the outbox signal.
/// </summary>
internal sealed class EngineTestKit : IAsyncDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    public const string Parent = "sources/src/accounts/a";

    private readonly CancellationTokenSource _stop = new();

    public EngineTestKit(EventsOptions? options = null, AuthOptions? sourceAuth = null)
    {
        Watch = new WatchTestKit(_ => []);
        Options = options ?? new EventsOptions { RefreshInterval = TimeSpan.FromSeconds(5) };
        var sources = new SourceRegistry([("src", Backend, new SourceOptions { Auth = sourceAuth ?? new(), MinPollInterval = PollInterval, MaxPollInterval = PollInterval })]);
        var telemetry = new EngineTelemetry(WatchProbes.Telemetry().Telemetry);
        var factory = new SubscriptionWatchFactory(Watch.Hub, sources, Microsoft.Extensions.Options.Options.Create(new WatchOptions()), Store, Signal, telemetry, Time, NullLogger<SubscriptionWatcher>.Instance);
        Watcher = new SubscriptionWatcher(Store, Changes, factory, Owners, Suspensions, Time, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<SubscriptionWatcher>.Instance);
    }

    public WatchTestKit Watch { get; }

    public WatchTestKit.RecordingTimeProvider Time => Watch.Time;

    public ScriptedBackend Backend { get; } = new();

    public FakeSubscriptionStore Store { get; } = new();

    public FakeSubscriptionOwners Owners { get; } = new();

    public OwnerSuspensions Suspensions { get; } = new(NullLogger<OwnerSuspensions>.Instance);

    public SubscriptionChanges Changes { get; } = new();

    public OutboxSignal Signal { get; } = new();

    public EventsOptions Options { get; }

    public SubscriptionWatcher Watcher { get; }

    public static string TaskName(string id) => $"{Parent}/tasks/{id}";

    public static CloudTask Task(string id, string etag, State state = State.Running) =>
        new() { Name = TaskName(id), Source = "src", Kind = SourceKind.AstraTask, Etag = etag, State = state, Done = state is State.Succeeded or State.Failed or State.Cancelled };

    public static SubscriptionRecord TaskSubscription(string id, string task, string until = "") =>
        new(id, string.Empty, TaskName(task), TaskTarget: true, until, string.Empty, "https://sink.example/hook", "whsec_x", Sink.Types.ContentMode.Structured,
            Subscription.Types.State.Active, DateTimeOffset.UnixEpoch, Watching: true, LastDelivery: null);

    public static SubscriptionRecord CollectionSubscription(string id, string filter = "") =>
        new(id, string.Empty, Parent, TaskTarget: false, string.Empty, filter, "https://sink.example/hook", "whsec_x", Sink.Types.ContentMode.Structured,
            Subscription.Types.State.Active, DateTimeOffset.UnixEpoch, Watching: true, LastDelivery: null);

    /// <summary>The poller key WatchTask uses for a task (and WatchTasks for the parent), with the gateway's own credentials.</summary>
    public static PollerKey KeyOf(string resource) => new("src", resource, string.Empty);

    public Task StartAsync() => Watcher.StartAsync(_stop.Token);

    /// <summary>Waits until the key's poller has polled n times and waits for its next poll.</summary>
    public Task PolledAsync(PollerKey key, int n) => WatchTestKit.Until(() => Watch.Observer.PollsOf(key) >= n && Watch.Observer.WaitsOf(key) >= n);

    /// <summary>Moves the clock to the key's next poll once its poller waits, then waits for that poll to be handled (its next wait, or the poller's end).</summary>
    public async Task NextPollAsync(PollerKey key)
    {
        var polls = Watch.Observer.PollsOf(key);
        await WatchTestKit.Until(() => Watch.Observer.WaitsOf(key) >= polls);
        Time.Advance(PollInterval);
        await WatchTestKit.Until(() => Watch.Observer.PollsOf(key) > polls);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Watcher.StopAsync(CancellationToken.None);
        Watcher.Dispose();
        _stop.Dispose();
    }
}
