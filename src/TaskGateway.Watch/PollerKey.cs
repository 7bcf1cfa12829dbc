namespace TaskGateway.Watch;

/// <summary>
/// What one poller polls: a source, a resource (a task name, or a collection's parent) and the credentials the
/// poll uses. Watchers with equal keys share one poller; the credential part keeps callers whose upstream
/// credentials differ from ever sharing results ("" is the source's configured credentials). PastDone marks a
/// single task polled after it is done (a WatchTask waiting with until for a state an operation can return to).
/// </summary>
public sealed record PollerKey(string Source, string Resource, string Credential, bool PastDone = false);
