using System.Diagnostics;
using Grpc.Core;
using TaskGateway.Contracts.V1;

namespace TaskGateway.IntegrationTests;

/// <summary>One WatchTask stream read in the background: what its events said, when they came, and how it ended.</summary>
internal sealed class Watcher : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<string> _states = [];
    private readonly AsyncServerStreamingCall<WatchTaskResponse> _call;
    private readonly Task _reading;
    private long _lastEvent = -1;
    private int _events;
    private int _tasks;
    private int _lastState;

    public Watcher(Replica replica, string name, string until)
    {
        Replica = replica;
        Name = name;
        _call = replica.Client.WatchTask(new WatchTaskRequest { Name = name, Until = until }, cancellationToken: _stop.Token);
        _reading = ReadAsync();
    }

    public Replica Replica { get; }

    public string Name { get; }

    /// <summary>How the stream ended (null while it runs, or after the test cancelled it).</summary>
    public Exception? Failure { get; private set; }

    public bool Ended => _reading.IsCompleted;

    /// <summary>Whether the server ended the stream with OK (not a failure, not this test's cancellation).</summary>
    public bool EndedOk { get; private set; }

    /// <summary>
    /// Every non-heartbeat event's task as its backend state (source_state, e.g. "stopped/install-succeed"), in the order
    /// received: what a watcher saw change.
    /// </summary>
    public IReadOnlyList<string> States
    {
        get
        {
            lock (_gate)
            {
                return [.. _states];
            }
        }
    }

    public bool Opened => Volatile.Read(ref _tasks) > 0;

    /// <summary>Non-heartbeat events received (INITIAL, MODIFIED).</summary>
    public int TaskEvents => Volatile.Read(ref _tasks);

    /// <summary>The state of the task in the last non-heartbeat event.</summary>
    public CloudTask.Types.State LastState => (CloudTask.Types.State)Volatile.Read(ref _lastState);

    /// <summary>When the last event (heartbeats included) arrived, on Stopwatch's clock; -1 before any.</summary>
    public long LastEvent => Interlocked.Read(ref _lastEvent);

    public void Dispose()
    {
        _stop.Cancel();
        _call.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var e in _call.ResponseStream.ReadAllAsync(_stop.Token))
            {
                Interlocked.Increment(ref _events);
                if (e.Type != WatchEventType.Heartbeat)
                {
                    lock (_gate)
                    {
                        _states.Add(e.Task.SourceState);
                    }

                    Volatile.Write(ref _lastState, (int)e.Task.State);
                    Interlocked.Increment(ref _tasks);
                }

                Interlocked.Exchange(ref _lastEvent, Stopwatch.GetTimestamp());
            }

            EndedOk = true;
        }
        catch (Exception e) when (!_stop.IsCancellationRequested)
        {
            Failure = e;
        }
        catch (OperationCanceledException)
        {
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
        {
        }
    }
}
