using Grpc.Core;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;

namespace TaskGateway.Watch;

/// <summary>
/// One poll's outcome: its kind, the tasks it read (and whether they differ from the latest snapshot), or the status it
/// failed with and what the backend said about waiting (throttled, Retry-After).
/// </summary>
internal sealed record PollOutcome(PollOutcomeKind Kind, IReadOnlyList<CloudTask> Tasks, bool Changed, RpcException? Error = null, bool Throttled = false, TimeSpan? RetryAfter = null)
{
    public static readonly PollOutcome Stopped = new(PollOutcomeKind.Stopped, [], Changed: false);

    /// <summary>A poll that read the resource.</summary>
    public static PollOutcome Read(IReadOnlyList<CloudTask> tasks, bool changed, bool final) =>
        new(final ? PollOutcomeKind.Final : changed ? PollOutcomeKind.Changed : PollOutcomeKind.Unchanged, tasks, changed);

    /// <summary>A poll that failed.</summary>
    public static PollOutcome Failed(PollOutcomeKind kind, RpcException error, UpstreamException? upstream) =>
        new(kind, [], Changed: false, error, upstream?.HttpStatus == 429, upstream?.RetryAfter);
}
