namespace TaskGateway.ScaleOut;

/// <summary>
/// Which verified messages of a key a replica believes. A signature proves that a replica of this deployment sent a
/// message for this key, not that it is still true: anyone who can read Redis can replay a genuine old message (a
/// "stopped" CloudDC instance that has been running since, an old final state). So a message is believed only when
/// it is recent (signed less than <c>maxAge</c> ago, on this replica's clock), when this replica does not lead the key
/// itself (a leader polls; it takes no one's word), and when it is not older than the newest it has seen (a lower
/// fence is a former leader, a lower sequence an older state of the same leader; a new leader's own fence counts as
/// seen, so nothing of an earlier term passes after it led).
/// </summary>
internal sealed class SharedStateAdmission(TimeProvider time, TimeSpan maxAge)
{
    private readonly Lock _gate = new();
    private (long Fence, long Sequence) _newest;

    /// <summary>This replica took the key's lease with this fencing token.</summary>
    public void Led(long fence)
    {
        lock (_gate)
        {
            if (fence > _newest.Fence)
            {
                _newest = (fence, 0);
            }
        }
    }

    /// <summary>Whether to believe a verified message sent at <paramref name="sentAtMs"/> (Unix milliseconds).</summary>
    public SharedStateVerdict Admit(long fence, long sequence, long sentAtMs, bool leading)
    {
        // Both ways: a message from the future is as unbelievable as an old one (replicas' clocks agree far better).
        var age = time.GetUtcNow().ToUnixTimeMilliseconds() - sentAtMs;
        if (Math.Abs(age) > (long)maxAge.TotalMilliseconds)
        {
            return SharedStateVerdict.Stale;
        }

        if (leading)
        {
            return SharedStateVerdict.Ignored;
        }

        lock (_gate)
        {
            if (fence < _newest.Fence || (fence == _newest.Fence && sequence < _newest.Sequence))
            {
                return SharedStateVerdict.Ignored;
            }

            _newest = (fence, sequence);
            return SharedStateVerdict.Admitted;
        }
    }
}
