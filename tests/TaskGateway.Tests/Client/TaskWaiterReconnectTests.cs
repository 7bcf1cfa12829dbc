using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using TaskGateway.Client;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Tests.Client;

/// <summary>
/// README: TaskWaiter, "when the stream breaks, reconnects with the last resume token (jittered backoff)"; its options say the first
/// delay is ReconnectDelay, doubling up to MaxReconnectDelay, with jitter. Every call here breaks, and the delays it waits are read
/// off the clock's timers.
/// </summary>
public class TaskWaiterReconnectTests
{
    private static readonly TaskGatewayClientOptions Options = new()
    {
        ReconnectDelay = TimeSpan.FromMilliseconds(500),
        MaxReconnectDelay = TimeSpan.FromSeconds(4),
        MaxReconnects = 6,
    };

    // The exponential bounds of the six reconnects: 500 ms doubling, capped at 4 s.
    private static readonly double[] Bounds = [500, 1000, 2000, 4000, 4000, 4000];

    [Fact]
    public async Task WaitUntilDoneAsync_StreamKeepsBreaking_ReconnectDelaysAreFullJitterUnderDoublingBounds()
    {
        const int Seed = 19;
        var time = new RecordingTime();
        var waiter = new TaskWaiter(new TaskService.TaskServiceClient(new BrokenInvoker()), Options, time, new Random(Seed));

        var delays = await RunUntilGivenUpAsync(waiter, time);

        // Full jitter: each delay is uniform in [0, bound), the bound doubling from ReconnectDelay up to MaxReconnectDelay
        // (Task.Delay's timer keeps whole milliseconds).
        var expected = new Random(Seed);
        Assert.Equal(Bounds.Select(b => TimeSpan.FromMilliseconds(Math.Floor(expected.NextDouble() * b))), delays);
        AssertWithinBounds(delays);
        Assert.True(delays.Distinct().Count() == delays.Count, "the delays did not vary");
    }

    [Fact]
    public async Task WaitUntilDoneAsync_StreamKeepsBreakingWithTheSharedRandom_DelaysVaryWithinTheDoublingBounds()
    {
        // The public constructor, as applications use it: no seam, so only the bounds and the variation are known.
        var time = new RecordingTime();
        var waiters = Enumerable.Range(0, 4).Select(_ => new TaskWaiter(new TaskService.TaskServiceClient(new BrokenInvoker()), Options, time)).ToList();

        var runs = new List<IReadOnlyList<TimeSpan>>();
        foreach (var waiter in waiters)
        {
            time.Delays.Clear();
            var delays = await RunUntilGivenUpAsync(waiter, time);
            AssertWithinBounds(delays);
            runs.Add(delays);
        }

        // Four waiters reconnecting after the same failures do not wait in step (24 uniform draws never all coincide).
        Assert.True(runs.SelectMany(r => r).Distinct().Count() > 20, "the delays did not vary between waiters");
    }

    private static void AssertWithinBounds(IReadOnlyList<TimeSpan> delays)
    {
        Assert.Equal(Bounds.Length, delays.Count);
        for (var i = 0; i < delays.Count; i++)
        {
            Assert.InRange(delays[i], TimeSpan.Zero, TimeSpan.FromMilliseconds(Bounds[i]));
        }
    }

    /// <summary>Waits for a task whose stream always breaks, moving the clock by each delay the waiter asks for, until it gives up.</summary>
    private static async Task<IReadOnlyList<TimeSpan>> RunUntilGivenUpAsync(TaskWaiter waiter, RecordingTime time)
    {
        var waiting = waiter.WaitUntilDoneAsync("sources/astra/accounts/6c4f8a2e-1d3b-4e5f-9a7c-2b4d6e8f0a1c/tasks/a1b2c3d4-0000-4000-8000-000000000001");
        var clock = Stopwatch.StartNew();
        var seen = 0;
        while (!waiting.IsCompleted)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the waiter neither reconnected nor gave up");
            if (time.Delays.Count > seen)
            {
                time.Advance(time.Delays.ToArray()[seen]);
                seen++;
            }

            // A short real pause between looks, not Task.Yield: a spin would hold a core from the waiter it watches.
            await Task.Delay(TimeSpan.FromMilliseconds(5));
        }

        var e = await Assert.ThrowsAsync<RpcException>(() => waiting);
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        return [.. time.Delays];
    }

    /// <summary>A fake clock that records the due time of every timer created on it (Task.Delay creates one per wait).</summary>
    private sealed class RecordingTime : TimeProvider
    {
        private readonly FakeTimeProvider _fake = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));

        public ConcurrentQueue<TimeSpan> Delays { get; } = new();

        public void Advance(TimeSpan by) => _fake.Advance(by);

        public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

        public override long GetTimestamp() => _fake.GetTimestamp();

        public override long TimestampFrequency => _fake.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Delays.Enqueue(dueTime);
            return _fake.CreateTimer(callback, state, dueTime, period);
        }
    }

    /// <summary>Every WatchTask stream breaks at once, as a dropped connection does.</summary>
    private sealed class BrokenInvoker : CallInvoker
    {
        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            new(new BrokenStream<TResponse>(), Task.FromResult(new Metadata()), () => new Status(StatusCode.Unavailable, "connection reset"), () => [], () => { });

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();
    }

    private sealed class BrokenStream<T> : IAsyncStreamReader<T>
    {
        public T Current => throw new InvalidOperationException("No message.");

        public Task<bool> MoveNext(CancellationToken cancellationToken) => Task.FromException<bool>(new RpcException(new Status(StatusCode.Unavailable, "connection reset")));
    }
}
