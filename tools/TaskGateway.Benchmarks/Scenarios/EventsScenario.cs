using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Grpc.Net.Client;
using TaskGateway.Benchmarks.Load;
using TaskGateway.Benchmarks.Report;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Benchmarks.Scenarios;

/// <summary>
/// Push at scale: N one-shot subscriptions (until done, the default) over M tasks of an upstream that turns every task
/// done at one moment; the gateway on its default store (SQLite), a webhook receiver in this process. Measures
/// subscriptions created per second, the gateway's resident memory and the store's size per subscription, events
/// delivered per second, and the delay from the match (the event's time: when the gateway's poll saw the task done) to
/// the receiver.
/// </summary>
internal static partial class EventsScenario
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(10);
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string root, int subscriptions, int tasks, string output)
    {
        var self = typeof(EventsScenario).Assembly.Location;
        var data = Directory.CreateTempSubdirectory("tg-events-bench-").FullName;
        var upstreamProcess = ChildProcess.Start("events upstream", self, ["events-upstream"], new Dictionary<string, string>());
        await using var upstreamOwner = upstreamProcess.ConfigureAwait(false);
        var upstream = new Uri(await upstreamProcess.WaitForAsync(UpstreamLine(), TimeSpan.FromSeconds(60)).ConfigureAwait(false));
        await using var receiver = await EventsReceiver.StartAsync().ConfigureAwait(false);
        var stack = new Stack(root, self, null, new Dictionary<string, string>());
        await using var gateway = await stack.StartGatewayAsync(upstream, new Dictionary<string, string>
        {
            ["TaskGateway__Events__SqlitePath"] = Path.Combine(data, "events.db"),
            ["TaskGateway__Events__AllowedSinkHosts__0"] = "127.0.0.1",
            ["TaskGateway__Events__MaxSubscriptionsPerCaller"] = (subscriptions * 2).ToString(CultureInfo.InvariantCulture),
        }).ConfigureAwait(false);
        using var channel = GrpcChannel.ForAddress(gateway.Grpc);
        var client = new TaskService.TaskServiceClient(channel);
        using var http = new HttpClient { BaseAddress = gateway.Rest };
        await client.ListSourcesAsync(new ListSourcesRequest()).ConfigureAwait(false);
        var single = await SingleEventDelaysAsync(client, receiver, upstream, tasks).ConfigureAwait(false);
        var memoryBefore = gateway.Process.ResidentBytes;

        var creating = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, subscriptions), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await client.CreateSubscriptionAsync(new CreateSubscriptionRequest
            {
                Subscription = new Subscription { Target = Clients.Name(i % tasks), Sink = new Sink { Uri = receiver.Uri } },
            }, cancellationToken: ct).ConfigureAwait(false)).ConfigureAwait(false);
        var created = creating.Elapsed;
        await WaitAsync(async () => await GaugeAsync(http, "taskgateway_watch_subscribers").ConfigureAwait(false) >= subscriptions, "every subscription to be watched").ConfigureAwait(false);
        var memoryAfter = gateway.Process.ResidentBytes;
        var storeBytes = Directory.EnumerateFiles(data).Sum(f => new FileInfo(f).Length);

        using var finish = await new HttpClient().PostAsync(new Uri(upstream, "/_finish"), content: null).ConfigureAwait(false);
        var finishedAt = DateTimeOffset.UtcNow;
        await WaitAsync(() => Task.FromResult(receiver.Events.Count >= subscriptions + single.Count), "every event to arrive").ConfigureAwait(false);
        var events = receiver.Events.Values.Where(e => e.Observed >= finishedAt.AddSeconds(-5)).ToList();
        var delays = events.Select(e => (e.Received - e.Observed).TotalMilliseconds).Order().ToList();
        var first = events.Min(e => e.Received);
        var last = events.Max(e => e.Received);
        var result = new EventsResult(subscriptions, tasks, subscriptions / created.TotalSeconds, (memoryAfter - memoryBefore) / (double)subscriptions,
            storeBytes / (double)subscriptions, subscriptions / Math.Max(0.001, (last - first).TotalSeconds), (last - finishedAt).TotalSeconds,
            Percentile(delays, 0.50), Percentile(delays, 0.99), single.Order().ToList()[single.Count / 2], Interlocked.Read(ref receiver.Requests) - single.Count, MachineInfo.Current());
        Write(result, output);
        Console.WriteLine(result);
        return 0;
    }

    // One event at a time, before the burst: a subscription to a task of its own, that task turned done, the event
    // awaited; five times. What a match costs when nothing else is queued.
    private static async Task<List<double>> SingleEventDelaysAsync(TaskService.TaskServiceClient client, EventsReceiver receiver, Uri upstream, int tasks)
    {
        using var http = new HttpClient();
        var delays = new List<double>();
        for (var k = 0; k < 5; k++)
        {
            var task = tasks + 1 + k;
            await client.CreateSubscriptionAsync(new CreateSubscriptionRequest
            {
                Subscription = new Subscription { Target = Clients.Name(task), Sink = new Sink { Uri = receiver.Uri } },
            }).ConfigureAwait(false);
            var before = receiver.Events.Count;
            using var finish = await http.PostAsync(new Uri(upstream, "/_finish?task=" + MinimalUpstream.TaskId(task)), content: null).ConfigureAwait(false);
            await WaitAsync(() => Task.FromResult(receiver.Events.Count > before), "a single event").ConfigureAwait(false);
            var e = receiver.Events.Values.OrderByDescending(v => v.Received).First();
            delays.Add((e.Received - e.Observed).TotalMilliseconds);
        }

        return delays;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static async Task<double> GaugeAsync(HttpClient http, string name)
    {
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)).ConfigureAwait(false);
        var match = Regex.Match(text, "(?m)^" + name + @"(?:\{[^}]*\})? ([0-9.eE+]+)");
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (clock.Elapsed > Bound)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(200).ConfigureAwait(false);
        }
    }

    private static void Write(EventsResult r, string output)
    {
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "events.json"), JsonSerializer.Serialize(r, Indented));
        var md = new StringBuilder()
            .AppendLine("# Push at scale: one-shot subscriptions")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC with `dotnet run -c Release --project tools/TaskGateway.Benchmarks -- events --subscriptions {r.Subscriptions} --tasks {r.Tasks}` on {r.Machine.Cores} cores ({r.Machine.Processor}), {r.Machine.Runtime}.")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{r.Subscriptions} subscriptions (until done, the default) over {r.Tasks} IoTDA tasks of a local upstream, 1 s poll interval, the gateway on its default store (a SQLite file), its default delivery settings (32 deliveries at once), and a webhook receiver answering 204 on loopback. The upstream turns every task done at one moment; each subscription then sends its one event.")
            .AppendLine()
            .AppendLine("| measure | value |")
            .AppendLine("|---|---|")
            .AppendLine(CultureInfo.InvariantCulture, $"| subscriptions created per second (16 callers, gRPC) | {r.CreatedPerSecond:F0} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| gateway resident memory per subscription (watching) | {r.MemoryBytesPerSubscription / 1024:F1} KiB |")
            .AppendLine(CultureInfo.InvariantCulture, $"| store size per subscription (SQLite file, WAL included) | {r.StoreBytesPerSubscription / 1024:F2} KiB |")
            .AppendLine(CultureInfo.InvariantCulture, $"| events delivered per second (first to last arrival) | {r.EventsPerSecond:F0} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| all events delivered, seconds after the upstream turned done | {r.SecondsToLastEvent:F1} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| match to receiver delay of one event alone (median of 5) | {r.SingleDelayMs:F0} ms |")
            .AppendLine(CultureInfo.InvariantCulture, $"| match to receiver delay in the burst, p50 | {r.DelayP50Ms:F0} ms |")
            .AppendLine(CultureInfo.InvariantCulture, $"| match to receiver delay in the burst, p99 | {r.DelayP99Ms:F0} ms |")
            .AppendLine(CultureInfo.InvariantCulture, $"| webhook requests received (one per event: no retry was needed) | {r.Requests} |")
            .AppendLine()
            .AppendLine("The delay runs from the event's `time` (when the gateway's poll observed the task done) to its arrival at the receiver: the outbox's cost (store the event, claim it, sign it, post it, record the result), not the poll interval, which comes before it. In the burst every event also waits behind the others: all of them match within one poll interval and leave at the rate in the table, so the burst's delays are mostly queueing.");
        File.WriteAllText(Path.Combine(output, "events.md"), md.ToString());
    }

    [GeneratedRegex(@"events upstream listening on (http://\S+)")]
    private static partial Regex UpstreamLine();
}
