namespace TaskGateway.Benchmarks.Scenarios;

/// <summary>S3: watch fan-out.</summary>
internal sealed record FanOutResult(int Watchers, int Tasks, double PollIntervalSeconds, double WindowSeconds, long UpstreamPolls,
    double PollsPerInterval, double BytesPerIdleWatcher, long Events, double DelayP50Millis, double DelayP99Millis, long StreamErrors);
