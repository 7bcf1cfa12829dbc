namespace TaskGateway.Watch;

/// <summary>
/// The watch engine's steps, as they happen: a poll starting, a poller waiting for its next poll, a snapshot published,
/// a stream applying a snapshot or handling a heartbeat tick. Internal: tests on a fake clock implement it to move the
/// clock only once the engine reached a step; production registers <see cref="NoWatchProbe"/>. Metrics are not
/// counted here (the engine counts them on its own), so a probe changes nothing the gateway emits.
/// </summary>
internal interface IWatchProbe
{
    /// <summary>A poller is about to read its resource.</summary>
    void PollStarted(PollerKey key);

    /// <summary>A poller registered the timer of its next poll.</summary>
    void Waiting(PollerKey key);

    /// <summary>A poller published a snapshot (its versions count from 1).</summary>
    void Published(PollerKey key, long version);

    /// <summary>A stream applied a snapshot (and wrote the events it gave).</summary>
    void Applied();

    /// <summary>A stream handled a heartbeat tick, whether or not a heartbeat was due.</summary>
    void Ticked();
}
