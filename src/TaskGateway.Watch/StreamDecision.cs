namespace TaskGateway.Watch;

/// <summary>
/// A stream's answer to a snapshot or a tick: the events to send, in order, then go on or end. Ends says the stream
/// ends once they are sent, with OK when Error is null, else with Error. Applied is false for a snapshot the stream
/// refused (its poller failed): nothing of it was applied.
/// </summary>
internal sealed record StreamDecision(IReadOnlyList<WatchEvent> Events, bool Ends, Exception? Error, bool Applied = true)
{
    public static StreamDecision GoOn(IReadOnlyList<WatchEvent> events) => new(events, Ends: false, Error: null);

    public static StreamDecision EndOk(IReadOnlyList<WatchEvent> events) => new(events, Ends: true, Error: null);

    public static StreamDecision EndWith(IReadOnlyList<WatchEvent> events, Exception error) => new(events, Ends: true, error);

    public static StreamDecision Refuse(Exception error) => new([], Ends: true, error, Applied: false);
}
