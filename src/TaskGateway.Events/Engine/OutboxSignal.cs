using System.Threading.Channels;

namespace TaskGateway.Events.Engine;

/// <summary>
/// Wakes the dispatcher at once when this replica enqueued an event, rather than at its next interval. Signals
/// coalesce: one pending wake-up covers any number of events.
/// </summary>
internal sealed class OutboxSignal
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Something was enqueued.</summary>
    public void Notify() => _wake.Writer.TryWrite(true);

    /// <summary>Completes when a signal is pending; consumes it.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await _wake.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        _wake.Reader.TryRead(out _);
    }
}
