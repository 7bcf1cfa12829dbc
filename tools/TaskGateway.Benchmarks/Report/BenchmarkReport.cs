using System.Globalization;
using System.Text;
using System.Text.Json;
using TaskGateway.Benchmarks.Scenarios;

namespace TaskGateway.Benchmarks.Report;

/// <summary>Everything one run measured, and the files it writes: results.json, results.md, throughput.png.</summary>
internal sealed record BenchmarkReport(DateTimeOffset Time, string Command, bool Quick, MachineInfo Machine, List<UnaryRow> Unary, FanOutResult? FanOut, List<Target> Targets, BenchSettings Settings)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static List<Target> Evaluate(List<UnaryRow> unary, FanOutResult? fanOut)
    {
        UnaryRow Row(string scenario, string mode, int c) => unary.Single(r => r.Scenario == scenario && r.Mode == mode && r.Concurrency == c);
        var targets = new List<Target>();
        if (unary.Any(r => r.Scenario == "S1"))
        {
            // Issue 18: on the translation path, against a plain YARP proxy in front of the same upstream.
            var s1 = unary.Where(r => r.Scenario == "S1" && r.Mode != "direct").ToList();
            var leastUpstream = s1.Min(r => r.UpstreamCallsPerRequest);
            targets.Add(new("S1", "upstream calls per request, least of the gateway and anchor rows (the translation path: about 1.00)", Math.Round(leastUpstream, 3), ">= 0.9", leastUpstream >= 0.9));
            var grpcYarp = Row("S1", "gateway-grpc", 64).Throughput / Row("S1", "yarp-rest", 64).Throughput;
            var restYarp = Row("S1", "gateway-rest", 64).Throughput / Row("S1", "yarp-rest", 64).Throughput;
            var restP50 = Row("S1", "gateway-rest", 1).P50Micros / Row("S1", "yarp-rest", 1).P50Micros;
            var grpcP50 = Row("S1", "gateway-grpc", 1).P50Micros / Row("S1", "yarp-rest", 1).P50Micros;
            targets.Add(new("S1", "gRPC throughput / YARP throughput at c=64", Math.Round(grpcYarp, 2), ">= 1.2", grpcYarp >= 1.2));
            targets.Add(new("S1", "REST route throughput / YARP throughput at c=64", Math.Round(restYarp, 2), ">= 1.0", restYarp >= 1.0));
            targets.Add(new("S1", "REST route p50 / YARP p50 at c=1", Math.Round(restP50, 2), "<= 1.2", restP50 <= 1.2));
            targets.Add(new("S1", "gRPC p50 / YARP p50 at c=1", Math.Round(grpcP50, 2), "<= 1.8", grpcP50 <= 1.8));

            // The earlier issue's targets, against the upstream answered directly.
            var grpc64 = Row("S1", "gateway-grpc", 64).Throughput / Row("S1", "direct", 64).Throughput;
            var p50 = Row("S1", "gateway-grpc", 1).P50Micros / Row("S1", "direct", 1).P50Micros;
            var rest = Row("S1", "gateway-rest", 64).Throughput / Row("S1", "gateway-grpc", 64).Throughput;
            targets.Add(new("S1", "gRPC throughput / direct throughput at c=64", Math.Round(grpc64, 2), ">= 0.5", grpc64 >= 0.5));
            targets.Add(new("S1", "gRPC p50 / direct p50 at c=1", Math.Round(p50, 2), "<= 2.5", p50 <= 2.5));
            targets.Add(new("S1", "REST route throughput / gRPC throughput at c=64", Math.Round(rest, 2), ">= 0.8", rest >= 0.8));
            // Reference lines, not targets: one S1 row's p50 (c=1) or throughput (c=64) over another's.
            void P50Reference(string what, string mode, string over) =>
                targets.Add(new("S1", $"reference, not a target: {what} at c=1", Math.Round(Row("S1", mode, 1).P50Micros / Row("S1", over, 1).P50Micros, 2), "-", true));
            void ThroughputReference(string what, string mode) =>
                targets.Add(new("S1", $"reference, not a target: {what} at c=64", Math.Round(Row("S1", mode, 64).Throughput / Row("S1", "yarp-rest", 64).Throughput, 2), "-", true));
            P50Reference("bare gRPC-to-REST hop p50 / direct p50", "bare-grpc-hop", "direct");
            P50Reference("bare REST hop (JSON transcoding, no features) p50 / YARP p50", "bare-rest-hop", "yarp-rest");
            P50Reference("bare REST hop with the gateway's feature libraries p50 / YARP p50", "bare-rest-hop-libraries", "yarp-rest");
            P50Reference("gateway REST p50 / bare REST hop with the gateway's feature libraries p50", "gateway-rest", "bare-rest-hop-libraries");
            ThroughputReference("bare gRPC hop with the gateway's feature libraries throughput / YARP throughput", "bare-grpc-hop-libraries");
            ThroughputReference("bare REST hop with the gateway's feature libraries throughput / YARP throughput", "bare-rest-hop-libraries");
            P50Reference("YARP p50 / direct p50", "yarp-rest", "direct");
        }

        if (unary.Any(r => r.Scenario == "S2"))
        {
            var windowed = Row("S2", "gateway-grpc freshness 250ms", 64);
            var ratio = windowed.Throughput / Row("S2", "direct", 64).Throughput;
            targets.Add(new("S2", "upstream calls per request, freshness 250 ms", windowed.UpstreamCallsPerRequest, "<= 0.01", windowed.UpstreamCallsPerRequest <= 0.01));
            targets.Add(new("S2", "throughput / direct throughput, freshness 250 ms", Math.Round(ratio, 2), ">= 1.0", ratio >= 1.0));
        }

        if (fanOut is not null)
        {
            var drift = Math.Abs(fanOut.PollsPerInterval - fanOut.Tasks) / fanOut.Tasks;
            var bound = fanOut.PollIntervalSeconds * 1000 + 100;
            targets.Add(new("S3", "polls per interval / tasks", Math.Round(fanOut.PollsPerInterval / fanOut.Tasks, 3), "within 5 % of 1", drift <= 0.05));
            targets.Add(new("S3", "KiB per idle watcher", Math.Round(fanOut.BytesPerIdleWatcher / 1024, 1), "<= 16", fanOut.BytesPerIdleWatcher <= 16 * 1024));
            targets.Add(new("S3", "p99 delivery delay, ms", fanOut.DelayP99Millis, $"<= {bound:F0} (poll interval + 100 ms)", fanOut.DelayP99Millis <= bound));
        }

        return targets;
    }

    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "results.json"), JsonSerializer.Serialize(this, Json) + "\n");
        File.WriteAllText(Path.Combine(directory, "results.md"), Markdown());
        if (Unary.Any(r => r.Scenario == "S1"))
        {
            Chart.Write(this, Path.Combine(directory, "throughput.png"));
        }
    }

    private string Markdown()
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.AppendLine(c, $"# Benchmark results{(Quick ? " (quick run: figures are indicative only)" : string.Empty)}").AppendLine();
        md.AppendLine(c, $"Measured {Time:yyyy-MM-dd HH:mm} UTC with `{Command}` on {Machine.Cores} cores, {Machine.MemoryGiB} GiB, {Machine.Processor}, {Machine.Os}, {Machine.Runtime}.");
        md.AppendLine("Load generator, gateway, upstream and each anchor are separate processes on loopback; ratios are taken within this one run.");
        md.AppendLine("S1 is the translation path: every call asks for a distinct task, so every call reaches the upstream (upstream calls/request about 1.00). S2 is the hot path: callers asking for the same task share upstream calls.");
        md.AppendLine("`yarp-rest` is the anchor: a plain YARP reverse proxy forwarding the gateway's REST call to the same upstream (path rewritten, token set, the vendor's JSON passed through untranslated).");
        md.AppendLine("`bare-grpc-hop` is the floor of a gRPC-to-REST hop: the same contract served by a bare Grpc.AspNetCore server making one plain HttpClient GET per call, with none of the gateway's features; `bare-rest-hop` is the same process's REST route, that GetTask through gRPC JSON transcoding over HTTP/1.1: the floor of a REST route that translates. `bare-grpc-hop-libraries` and `bare-rest-hop-libraries` are the same hop running the libraries the gateway's features are built on, set up as the gateway sets them up for this configuration (OpenTelemetry with unsampled spans and its ASP.NET Core and HttpClient metrics, the standard resilience handler, the authorization middleware), with none of the gateway's own code: a reference for what those libraries cost on this hop.");
        md.AppendLine(Quick
            ? "Each S1 point is one warm-up and one window, after every path was warmed."
            : string.Create(c, $"Each S1 point is measured in {Settings.Rounds} rounds of a {Settings.RoundWarmup.TotalSeconds} s warm-up and a {Settings.RoundWindow.TotalSeconds} s window, the paths of one concurrency taking turns round by round (each round starting at another path, every other round backwards); a row merges its rounds' calls.")).AppendLine();
        md.AppendLine("## Targets").AppendLine().AppendLine("| scenario | what | measured | target | met |").AppendLine("|---|---|---|---|---|");
        foreach (var t in Targets)
        {
            md.AppendLine(c, $"| {t.Scenario} | {t.What} | {t.Measured} | {t.Bound} | {(t.Met ? "yes" : "no")} |");
        }

        md.AppendLine().AppendLine("## S1 translation path and S2 hot tasks").AppendLine().AppendLine("![S1 throughput](throughput.png)").AppendLine();
        md.AppendLine("| scenario | mode | concurrency | requests/s | p50 µs | p99 µs | CPU µs/request of the process under test | upstream calls/request | errors |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in Unary)
        {
            md.AppendLine(c, $"| {r.Scenario} | {r.Mode} | {r.Concurrency} | {r.Throughput:F0} | {r.P50Micros:F0} | {r.P99Micros:F0} | {(r.Mode == "direct" ? "-" : r.GatewayCpuMicrosPerRequest.ToString("F1", c))} | {r.UpstreamCallsPerRequest:F4} | {r.Errors} |");
        }

        if (FanOut is { } f)
        {
            md.AppendLine().AppendLine("## S3 watch fan-out").AppendLine();
            md.AppendLine(c, $"{f.Watchers:N0} WatchTask streams over {f.Tasks} tasks that change every 3 s; poll interval {f.PollIntervalSeconds} s; measured over {f.WindowSeconds} s.").AppendLine();
            md.AppendLine("| upstream polls | polls per interval | KiB per idle watcher (gateway RSS) | events | delay p50 ms | delay p99 ms | stream errors |");
            md.AppendLine("|---|---|---|---|---|---|---|");
            md.AppendLine(c, $"| {f.UpstreamPolls} | {f.PollsPerInterval} | {f.BytesPerIdleWatcher / 1024:F1} | {f.Events} | {f.DelayP50Millis} | {f.DelayP99Millis} | {f.StreamErrors} |");
        }

        return md.ToString();
    }
}
