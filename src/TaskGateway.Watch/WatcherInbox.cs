using System.Threading.Channels;

namespace TaskGateway.Watch;

/// <summary>
/// One watcher's bounded buffer: a channel of capacity one that keeps only the newest snapshot. A slow watcher
/// therefore skips intermediate states but always gets the latest, and a final snapshot, being the last a
/// poller publishes, is never dropped. Memory per watcher is one reference, whatever the poll rate.
/// </summary>
internal sealed class WatcherInbox : IDisposable
{
    private readonly Channel<WatchSnapshot> _channel = Channel.CreateBounded<WatchSnapshot>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
        SingleWriter = false,
    });

    private Poller? _poller;
    private int _disposed;

    /// <summary>The newest snapshot, when one arrived since the last read.</summary>
    public ChannelReader<WatchSnapshot> Snapshots => _channel.Reader;

    internal void Bind(Poller poller) => _poller = poller;

    internal void Offer(WatchSnapshot snapshot) => _channel.Writer.TryWrite(snapshot);

    /// <summary>Leaves the poller at once; the poller stops after its idle timeout when nobody is left.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _poller?.Detach(this);
        }
    }
}
