namespace TaskGateway.Events.Engine;

/// <summary>A delay that doubles from one second to a minute while failures go on, and starts over after a success.</summary>
internal sealed class Backoff
{
    /// <summary>The first delay.</summary>
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay: a store or source that comes back is used again within a minute.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(1);

    private TimeSpan _next = First;

    /// <summary>The delay before the next try; the one after it doubles.</summary>
    public TimeSpan Next()
    {
        var delay = _next;
        _next = _next * 2 > Max ? Max : _next * 2;
        return delay;
    }

    /// <summary>It worked: the next failure waits the first delay again.</summary>
    public void Reset() => _next = First;
}
