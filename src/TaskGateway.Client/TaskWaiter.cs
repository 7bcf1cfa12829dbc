using Google.Rpc;
using Grpc.Core;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Client;

/// <summary>
/// Waits for a task to be done, or to match a condition, through WatchTask. When the stream breaks (the gateway restarts, a load balancer
/// drops the connection, the stream reaches its maximum duration) it reconnects with the last resume token, with
/// jittered exponential backoff, so no state change is missed and none is reported twice.
/// </summary>
public sealed class TaskWaiter
{
    private readonly TaskService.TaskServiceClient _client;
    private readonly TaskGatewayClientOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;

    /// <summary>Creates a waiter over a client.</summary>
    public TaskWaiter(TaskService.TaskServiceClient client, TaskGatewayClientOptions options, TimeProvider? time = null)
        : this(client, options, time, Random.Shared)
    {
    }

    // The jitter's random source is a seam for tests, which seed it to know each delay in advance.
    internal TaskWaiter(TaskService.TaskServiceClient client, TaskGatewayClientOptions options, TimeProvider? time, Random random)
    {
        _client = client;
        _options = options;
        _time = time ?? TimeProvider.System;
        _random = random;
    }

    /// <summary>
    /// Returns the task once it is done (succeeded, failed or cancelled; see CloudTask.done). Each state it
    /// passes through is reported to <paramref name="progress"/>. Throws the gateway's RpcException when the
    /// task cannot be watched (not found, invalid name, permission denied) or reconnecting keeps failing.
    /// </summary>
    public Task<CloudTask> WaitUntilDoneAsync(string name, IProgress<CloudTask>? progress = null, CancellationToken cancellationToken = default) =>
        WaitAsync(name, string.Empty, progress, cancellationToken);

    /// <summary>
    /// Returns the task once it matches <paramref name="until"/>, an AIP-160 filter over the task (WatchTask's
    /// until, e.g. <c>state = RUNNING</c>, <c>progress_percent &gt;= 50</c> or <c>details.state = running</c>), like
    /// <c>kubectl wait --for</c>. Each state it passes through is reported to <paramref name="progress"/>. Throws the
    /// gateway's RpcException when the condition is invalid (INVALID_ARGUMENT on until) or can no longer be met
    /// (FAILED_PRECONDITION, reason WATCH_CONDITION_UNREACHABLE: the task ended without matching it).
    /// </summary>
    public Task<CloudTask> WaitUntilAsync(string name, string until, IProgress<CloudTask>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(until);
        return WaitAsync(name, until, progress, cancellationToken);
    }

    private async Task<CloudTask> WaitAsync(string name, string until, IProgress<CloudTask>? progress, CancellationToken cancellationToken)
    {
        var resumeToken = string.Empty;
        var failures = 0;
        while (true)
        {
            try
            {
                using var call = _client.WatchTask(new WatchTaskRequest { Name = name, ResumeToken = resumeToken, Until = until }, cancellationToken: cancellationToken);
                CloudTask? last = null;
                await foreach (var e in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    failures = 0;
                    if (e.ResumeToken.Length > 0)
                    {
                        resumeToken = e.ResumeToken;
                    }

                    if (e.Task is { } task && e.Type != WatchEventType.Heartbeat)
                    {
                        progress?.Report(task);
                        last = task;
                        if (until.Length == 0 && task.Done)
                        {
                            return task;
                        }
                    }
                }

                // With until, the gateway ends the stream with OK right after the matching state, which it always sends.
                if (until.Length > 0 && last is not null)
                {
                    return last;
                }

                // The stream ended without the state waited for (it should not): watch again from where it was.
                failures++;
            }
            catch (RpcException e) when (IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                failures++;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument && resumeToken.Length > 0 && IsAboutResumeToken(e))
            {
                // A gateway with another page token key (a restart without a shared key) cannot read our token:
                // start over; the first event then carries the whole current state.
                resumeToken = string.Empty;
                failures++;
            }

            if (failures > _options.MaxReconnects)
            {
                throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, $"Gave up watching {name} after {_options.MaxReconnects} reconnects without an event."));
            }

            await Task.Delay(Backoff(failures), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    // A broken connection or stream (no ErrorInfo: the gateway did not decide it) or the gateway's own UNAVAILABLE
    // is worth a reconnect; an INTERNAL the gateway decided on (ErrorInfo present, e.g. its credentials were
    // rejected upstream) will not change by asking again.
    private static bool IsTransient(RpcException e) => e.StatusCode switch
    {
        StatusCode.Unavailable or StatusCode.Unknown or StatusCode.Aborted => true,
        StatusCode.Internal => e.GetRpcStatus()?.GetDetail<ErrorInfo>() is null,
        _ => false,
    };

    private static bool IsAboutResumeToken(RpcException e) =>
        e.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Any(v => v.Field == "resume_token") == true;

    // Full jitter: a uniform delay up to the exponential bound, so many waiters do not reconnect in step.
    private TimeSpan Backoff(int failures)
    {
        var bound = Math.Min(_options.MaxReconnectDelay.TotalMilliseconds, _options.ReconnectDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, failures - 1)));
        return TimeSpan.FromMilliseconds(_random.NextDouble() * bound);
    }
}
