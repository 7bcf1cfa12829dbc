namespace TaskGateway.Soak;

/// <summary>What one soak run does: --duration, --concurrency, --watchers, --error-rate, --faults on|off (the injected faults).</summary>
internal sealed record SoakSettings(TimeSpan Duration, int Concurrency, int Watchers, double ErrorRate, bool Faults = true)
{
    public static SoakSettings Parse(string[] args)
    {
        var settings = new SoakSettings(TimeSpan.FromMinutes(2), 16, 50, 0.05);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--duration" => settings with { Duration = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "--concurrency" => settings with { Concurrency = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "--watchers" => settings with { Watchers = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "--faults" => settings with { Faults = value != "off" },
                "--error-rate" => settings with { ErrorRate = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown option {args[i]}; use --duration hh:mm:ss, --concurrency N, --watchers N, --error-rate 0..1, --faults on|off"),
            };
        }

        return settings;
    }
}
