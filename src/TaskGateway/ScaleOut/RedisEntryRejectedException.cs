namespace TaskGateway.ScaleOut;

/// <summary>
/// A shared fetch read from Redis that this deployment did not write (its MAC does not verify, or its length is
/// impossible). Thrown by <see cref="SharedTaskSerializer"/>: HybridCache then fails the read (it does not fall back
/// to the factory by itself), and the gateway's shared fetches fetches for real instead.
/// </summary>
internal sealed class RedisEntryRejectedException : Exception
{
    public RedisEntryRejectedException()
        : base("A shared fetch read from Redis failed verification and was dropped.")
    {
    }

    public RedisEntryRejectedException(string message)
        : base(message)
    {
    }

    public RedisEntryRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
