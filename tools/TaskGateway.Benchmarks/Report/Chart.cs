using ScottPlot;

namespace TaskGateway.Benchmarks.Report;

/// <summary>S1 (the translation path) throughput by concurrency and path, as grouped bars.</summary>
internal static class Chart
{
    public static void Write(BenchmarkReport report, string path)
    {
        var modes = new[] { ("direct", Colors.Gray), ("gateway-grpc", Colors.SteelBlue), ("gateway-rest", Colors.DarkOrange), ("bare-grpc-hop", Colors.SeaGreen), ("bare-rest-hop", Colors.YellowGreen),
            ("bare-grpc-hop-libraries", Colors.DarkGreen), ("bare-rest-hop-libraries", Colors.Olive), ("yarp-rest", Colors.MediumPurple) };
        var concurrency = report.Unary.Where(r => r.Scenario == "S1").Select(r => r.Concurrency).Distinct().Order().ToArray();
        var plot = new Plot();
        var bars = new List<Bar>();
        for (var g = 0; g < concurrency.Length; g++)
        {
            for (var m = 0; m < modes.Length; m++)
            {
                var row = report.Unary.Single(r => r.Scenario == "S1" && r.Mode == modes[m].Item1 && r.Concurrency == concurrency[g]);
                bars.Add(new Bar { Position = g * (modes.Length + 1) + m, Value = row.Throughput, FillColor = modes[m].Item2 });
            }
        }

        plot.Add.Bars(bars);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. concurrency.Select((_, g) => g * (modes.Length + 1) + (modes.Length - 1) / 2.0)], [.. concurrency.Select(c => $"concurrency {c}")]);
        foreach (var (name, color) in modes)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = name, FillColor = color });
        }

        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.Margins(bottom: 0);
        plot.YLabel("requests per second");
        plot.Title($"S1: a distinct task per call, directly, through the gateway, the bare hops and YARP ({report.Machine.Cores} cores)");
        plot.SavePng(path, 900, 500);
    }
}
