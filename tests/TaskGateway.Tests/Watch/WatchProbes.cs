using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Resilience;
using TaskGateway.Core.Telemetry;
using TaskGateway.Watch;

namespace TaskGateway.Tests.Watch;

/// <summary>
/// What the watch engine tells an operator, captured for assertions: its log events (by their fixed ids), the
/// gateway meter's measurements (only this telemetry instance's meter), and the gateway's own spans of one resource.
/// </summary>
internal static class WatchProbes
{
    /// <summary>A telemetry instance on a meter of its own, so parallel tests never see each other's measurements.</summary>
    public static (GatewayTelemetry Telemetry, MeterCapture Meters, IDisposable Services) Telemetry()
    {
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var telemetry = new GatewayTelemetry(services.GetRequiredService<IMeterFactory>(), new SourceCircuits(() => []));
        return (telemetry, new MeterCapture(telemetry.Meter), services);
    }

    /// <summary>A key no other test polls, so spans and log lines can be told apart.</summary>
    public static PollerKey UniqueKey() => new("src", $"sources/src/accounts/a/tasks/{Guid.NewGuid():N}", string.Empty);

    internal sealed record Measurement(string Instrument, long Value, IReadOnlyDictionary<string, string?> Tags);

    /// <summary>Every measurement of the gateway meter's instruments, observable gauges when <see cref="Observe"/> is called.</summary>
    internal sealed class MeterCapture : IDisposable
    {
        private readonly MeterListener _listener = new();

        public MeterCapture(Meter meter)
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meter)
                {
                    Instruments[instrument.Name] = (instrument.Unit, instrument.Description);
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Add(i, v, t));
            _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Add(i, v, t));
            _listener.Start();
        }

        public ConcurrentQueue<Measurement> All { get; } = new();

        /// <summary>The meter's instruments by name: unit and description (Prometheus' HELP line).</summary>
        public ConcurrentDictionary<string, (string? Unit, string? Description)> Instruments { get; } = new();

        public IEnumerable<Measurement> Of(string instrument) => All.Where(m => m.Instrument == instrument);

        /// <summary>Reads the observable gauges now; returns what they reported.</summary>
        public IReadOnlyList<Measurement> Observe(string instrument)
        {
            var before = All.Count;
            _listener.RecordObservableInstruments();
            return [.. All.Skip(before).Where(m => m.Instrument == instrument)];
        }

        public void Dispose() => _listener.Dispose();

        private void Add(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var map = new Dictionary<string, string?>();
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value?.ToString();
            }

            All.Enqueue(new Measurement(instrument.Name, value, map));
        }
    }

    /// <summary>The gateway's own spans (source "TaskGateway") about one resource, once stopped.</summary>
    internal sealed class SpanCapture : IDisposable
    {
        private readonly ActivityListener _listener;

        public SpanCapture(string resource)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name == "TaskGateway",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = a =>
                {
                    if (a.GetTagItem("taskgateway.resource") as string == resource)
                    {
                        Spans.Enqueue(a);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public ConcurrentQueue<Activity> Spans { get; } = new();

        public void Dispose() => _listener.Dispose();
    }

    internal sealed record LogEntry(int EventId, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> State, Exception? Exception);

    /// <summary>Every log line the hub's pollers write.</summary>
    internal sealed class CapturingLogger : ILogger<WatchHub>
    {
        public ConcurrentQueue<LogEntry> Entries { get; } = new();

        public IEnumerable<LogEntry> Of(int eventId) => Entries.Where(e => e.EventId == eventId);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var map = new Dictionary<string, object?>();
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var pair in pairs)
                {
                    map[pair.Key] = pair.Value;
                }
            }

            Entries.Enqueue(new LogEntry(eventId.Id, logLevel, formatter(state, exception), map, exception));
        }
    }

    /// <summary>
    /// A coordination the test drives: whether this replica polls, what it shared, how often it gave up its membership.
    /// A follower's WaitToPollAsync waits until cancelled, except once per <see cref="Pass"/>.
    /// </summary>
    internal sealed class DrivenCoordination(bool leading) : IPollCoordination, IPollMembership
    {
        private int _passes;
        private int _waits;
        private int _disposals;
        private int _failures;
        private int _shares;

        public Action<SharedSnapshot>? Received { get; private set; }

        public int Waits => Volatile.Read(ref _waits);

        public int Disposals => Volatile.Read(ref _disposals);

        public int Failures => Volatile.Read(ref _failures);

        public int Shares => Volatile.Read(ref _shares);

        public bool ShouldPoll => leading;

        /// <summary>Lets the next wait complete without making this replica the leader (it lost the key again at once).</summary>
        public void Pass() => Interlocked.Increment(ref _passes);

        public Task WaitToPollAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _waits);
            if (leading || Interlocked.Decrement(ref _passes) >= 0)
            {
                return Task.CompletedTask;
            }

            Interlocked.Increment(ref _passes);
            return Task.Delay(Timeout.Infinite, cancellationToken);
        }

        public IPollMembership Join(PollerKey key, Action<SharedSnapshot> received)
        {
            Received = received;
            return this;
        }

        public void Share(IReadOnlyList<CloudTask> tasks, bool changed, bool final) => Interlocked.Increment(ref _shares);

        public void ShareFailure() => Interlocked.Increment(ref _failures);

        public void Dispose() => Interlocked.Increment(ref _disposals);
    }
}
