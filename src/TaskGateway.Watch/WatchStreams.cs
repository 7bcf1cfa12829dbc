using System.Threading.Channels;
using TaskGateway.Core.Paging;

namespace TaskGateway.Watch;

/// <summary>
/// Drives watch streams over a call: the single writer loop of each subscriber. It subscribes to the resource's poller,
/// then waits for a snapshot or a heartbeat tick, asks the call's <see cref="WatchStream"/> what to do, writes the
/// events it gives and ends when it says so. A stream is cut short at once when the caller leaves, and with UNAVAILABLE
/// at the maximum stream duration or at shutdown.
/// </summary>
public sealed class WatchStreams
{
    private readonly WatchHub _hub;
    private readonly ResumeTokens _tokens;
    private readonly WatchEngineServices _services;
    private readonly CancellationToken _shutdown;

    internal WatchStreams(WatchHub hub, PageTokenCodec tokens, WatchEngineServices services, CancellationToken shutdown)
    {
        _hub = hub;
        _tokens = new ResumeTokens(tokens);
        _services = services;
        _shutdown = shutdown;
    }

    /// <summary>The options in force.</summary>
    public WatchOptions Options => _services.Options;

    /// <summary>The resume token's digest, or a validation error for a token this gateway did not issue for the scope.</summary>
    public string? ReadResumeToken(WatchSpec spec) => _tokens.Read(spec);

    /// <summary>Runs the stream until it ends; write sends one event.</summary>
    public async Task RunAsync(WatchSpec spec, Func<WatchEvent, Task> write, CancellationToken callCancelled)
    {
        var stream = new WatchStream(spec, ReadResumeToken(spec), _tokens, _services.Time);
        var method = spec.SingleTask ? "WatchTask" : "WatchTasks";
        _services.Telemetry.WatchStream(method, +1);
        using var counted = new Released(() => _services.Telemetry.WatchStream(method, -1));
        using var subscription = _hub.Subscribe(spec.Key, spec.Source, spec.MinPollInterval, spec.MaxPollInterval);
        using var limit = new CancellationTokenSource(Options.MaxStreamDuration, _services.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(callCancelled, _shutdown, limit.Token);

        // The heartbeat clock starts with the stream and keeps its rhythm; a tick that comes while an event is being
        // written is kept by the timer, never lost.
        using var ticks = new PeriodicTimer(Options.HeartbeatInterval, _services.Time);
        try
        {
            await DriveAsync(stream, subscription.Snapshots, ticks, write, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!callCancelled.IsCancellationRequested)
        {
            throw WatchStream.Interrupted(_shutdown.IsCancellationRequested, Options.MaxStreamDuration);
        }
    }

    // Waits for whichever comes first, a snapshot or a tick, and carries out the stream's decision on it.
    private async Task DriveAsync(WatchStream stream, ChannelReader<WatchSnapshot> reader, PeriodicTimer ticks, Func<WatchEvent, Task> write, CancellationToken token)
    {
        Task<bool>? waiting = null;
        Task<bool>? tick = null;
        while (true)
        {
            waiting ??= reader.WaitToReadAsync(token).AsTask();
            tick ??= ticks.WaitForNextTickAsync(token).AsTask();
            var first = await Task.WhenAny(waiting, tick).ConfigureAwait(false);
            await first.ConfigureAwait(false);
            StreamDecision decision;
            if (first == tick)
            {
                tick = null;
                decision = stream.OnTick();
                await WriteAsync(decision, write).ConfigureAwait(false);
                _services.Probe.Ticked();
                continue;
            }

            waiting = null;
            if (!reader.TryRead(out var snapshot))
            {
                continue;
            }

            decision = stream.OnSnapshot(snapshot);
            await WriteAsync(decision, write).ConfigureAwait(false);
            if (decision.Applied)
            {
                _services.Probe.Applied();
            }

            if (decision.Ends)
            {
                if (decision.Error is { } error)
                {
                    throw error;
                }

                return;
            }
        }
    }

    private static async Task WriteAsync(StreamDecision decision, Func<WatchEvent, Task> write)
    {
        foreach (var e in decision.Events)
        {
            await write(e).ConfigureAwait(false);
        }
    }
}
