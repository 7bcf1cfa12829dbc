namespace TaskGateway.ScaleOut;

/// <summary>What a replica does with a verified message of a key it watches.</summary>
internal enum SharedStateVerdict
{
    /// <summary>Believed: published to this replica's watchers.</summary>
    Admitted,

    /// <summary>Not news: this replica leads the key, or has seen a newer state. Dropped silently.</summary>
    Ignored,

    /// <summary>Signed too long ago (or in the future): a replay. Dropped and counted as rejected.</summary>
    Stale,
}
