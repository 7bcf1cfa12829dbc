namespace TaskGateway.Sandbox;

/// <summary>
/// Faults queued for requests whose path contains a given text, used up in order. Tests use it to drive
/// every error class over real HTTP.
/// </summary>
public sealed class SandboxFaults
{
    private readonly Lock _gate = new();
    private readonly List<(string PathContains, SandboxFault Fault, int Remaining)> _queue = [];

    /// <summary>Answers the next <paramref name="times"/> requests whose path contains the text with the fault.</summary>
    public void Enqueue(string pathContains, SandboxFault fault, int times = 1)
    {
        lock (_gate)
        {
            _queue.Add((pathContains, fault, times));
        }
    }

    /// <summary>How many injected answers are still queued.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _queue.Sum(q => q.Remaining);
            }
        }
    }

    /// <summary>Drops every queued fault.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _queue.Clear();
        }
    }

    internal bool TryTake(string path, out SandboxFault fault)
    {
        lock (_gate)
        {
            for (var i = 0; i < _queue.Count; i++)
            {
                var (match, f, remaining) = _queue[i];
                if (path.Contains(match, StringComparison.Ordinal))
                {
                    if (remaining <= 1)
                    {
                        _queue.RemoveAt(i);
                    }
                    else
                    {
                        _queue[i] = (match, f, remaining - 1);
                    }

                    fault = f;
                    return true;
                }
            }
        }

        fault = null!;
        return false;
    }
}
