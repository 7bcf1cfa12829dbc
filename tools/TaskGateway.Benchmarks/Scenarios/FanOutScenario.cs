using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using TaskGateway.Benchmarks.Load;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Benchmarks.Scenarios;

/// <summary>
/// S3: thousands of WatchTask streams over 100 tasks that change every few seconds. Measures upstream polls per
/// poll interval (one poller per task should make one poll each interval), the gateway's resident memory per idle
/// watcher, and the delay from the upstream's change (its time is in the task's status_detail) to the event.
/// </summary>
internal static class FanOutScenario
{
    public const double PollIntervalSeconds = 1;

    public static async Task<FanOutResult> RunAsync(BenchSettings settings, Clients clients, Gateway gateway)
    {
        var watchers = settings.Watchers;
        using var stop = new CancellationTokenSource();
        var ready = 0;
        var errors = 0L;
        var measuring = 0;
        var delays = new List<double>[watchers];
        var memoryBefore = gateway.Process.ResidentBytes;

        var streams = Enumerable.Range(0, watchers).Select(w => Task.Run(async () =>
        {
            var mine = delays[w] = [];
            try
            {
                using var call = clients.Grpc!.WatchTask(new WatchTaskRequest { Name = Clients.Name(w % MinimalUpstream.Tasks) }, cancellationToken: stop.Token);
                while (await call.ResponseStream.MoveNext(stop.Token).ConfigureAwait(false))
                {
                    var e = call.ResponseStream.Current;
                    var now = DateTimeOffset.UtcNow;
                    if (e.Type == WatchEventType.Initial)
                    {
                        Interlocked.Increment(ref ready);
                    }
                    else if (e.Type == WatchEventType.Modified && Volatile.Read(ref measuring) == 1 && ChangedAt(e.Task) is { } changed)
                    {
                        mine.Add((now - changed).TotalMilliseconds);
                    }
                }
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // The scenario hung up: not a stream error.
            }
            catch (Exception)
            {
                Interlocked.Increment(ref errors);
            }
        })).ToList();

        var opening = Stopwatch.StartNew();
        while (Volatile.Read(ref ready) + Interlocked.Read(ref errors) < watchers)
        {
            if (opening.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new InvalidOperationException($"only {ready} of {watchers} watch streams opened in 3 minutes");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        Console.WriteLine($"S3 {ready} watch streams open in {opening.Elapsed.TotalSeconds:F1} s ({errors} failed)");
        // Idle: every stream open, events flowing only on changes; let the gateway settle before reading its memory.
        await Task.Delay(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        var memoryAfter = gateway.Process.ResidentBytes;

        var pollsBefore = await clients.UpstreamCallsAsync().ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref measuring, 1);
        await Task.Delay(settings.WatchWindow).ConfigureAwait(false);
        Volatile.Write(ref measuring, 0);
        var window = clock.Elapsed.TotalSeconds;
        var polls = await clients.UpstreamCallsAsync().ConfigureAwait(false) - pollsBefore;
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(streams).ConfigureAwait(false);

        var all = delays.SelectMany(d => d).Order().ToArray();
        var result = new FanOutResult(watchers, MinimalUpstream.Tasks, PollIntervalSeconds, Math.Round(window, 2), polls,
            Math.Round(polls / (window / PollIntervalSeconds), 1), Math.Round((double)(memoryAfter - memoryBefore) / watchers),
            all.Length, Math.Round(Percentile(all, 0.50), 1), Math.Round(Percentile(all, 0.99), 1), Interlocked.Read(ref errors));
        Console.WriteLine($"S3 {watchers} watchers over {result.Tasks} tasks: {result.PollsPerInterval} polls per {PollIntervalSeconds} s interval, " +
            $"{result.BytesPerIdleWatcher / 1024:F1} KiB per idle watcher, {result.Events} events, delay p50 {result.DelayP50Millis} ms p99 {result.DelayP99Millis} ms, {result.StreamErrors} stream errors");
        return result;
    }

    private static DateTimeOffset? ChangedAt(CloudTask task) =>
        task.IotdaInstanceTask?.StatusDetail is { Length: > 8 } detail && DateTimeOffset.TryParse(detail.AsSpan(8), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
