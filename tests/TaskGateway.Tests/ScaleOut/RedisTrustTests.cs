using System.Buffers;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using Google.Protobuf;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Resilience;
using TaskGateway.Core.Sources;
using TaskGateway.Core.Telemetry;
using TaskGateway.Hosting;
using TaskGateway.ScaleOut;
using TaskGateway.Services;

namespace TaskGateway.Tests.ScaleOut;

public class RedisTrustTests
{
    private static readonly string PageTokenKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Fingerprint_OtherTokenEndpointOrPageTokenKey_Differs()
    {
        var mac = RedisMac.FromPageTokenKey(PageTokenKey);
        var source = Source("https://astra.example", "token-one");

        var same = mac.Fingerprint(Source("https://astra.example", "token-one"));
        var otherToken = mac.Fingerprint(Source("https://astra.example", "token-two"));
        var otherEndpoint = mac.Fingerprint(Source("https://astra2.example", "token-one"));
        var otherDeployment = RedisMac.FromPageTokenKey(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))).Fingerprint(source);

        Assert.Equal(mac.Fingerprint(source), same);
        Assert.Equal(4, new[] { same, otherToken, otherEndpoint, otherDeployment }.Distinct().Count());
        Assert.DoesNotContain("token-one", same, StringComparison.Ordinal);
    }

    [Fact]
    public void Derive_SamePageTokenKey_SameMacOnEveryReplicaButNotThePageTokenCodecsKey()
    {
        var first = RedisMac.FromPageTokenKey(PageTokenKey).Compute("c", "data"u8);
        var second = RedisMac.FromPageTokenKey(PageTokenKey).Compute("c", "data"u8);
        var pageTokens = new RedisMac(HKDF.DeriveKey(HashAlgorithmName.SHA256, Convert.FromBase64String(PageTokenKey), 32, info: "taskgateway page tokens"u8.ToArray())).Compute("c", "data"u8);

        Assert.Equal(first, second);
        Assert.NotEqual(first, pageTokens);
    }

    [Fact]
    public void SharedTaskSerializer_RoundTrip_SameTaskAndKey()
    {
        var (serializer, _) = Serializer();
        var buffer = new ArrayBufferWriter<byte>();
        var task = new CloudTask { Name = "sources/astra/accounts/a/tasks/t", State = CloudTask.Types.State.Failed };

        serializer.Serialize(new SharedTask(task, "fp|sources/astra/accounts/a/tasks/t"), buffer);
        var read = serializer.Deserialize(new ReadOnlySequence<byte>(buffer.WrittenMemory));

        Assert.Equal(task, read.Task);
        Assert.Equal("fp|sources/astra/accounts/a/tasks/t", read.Key);
    }

    [Fact]
    public void SharedTaskSerializer_ForgedOrTamperedEntry_ThrowsAndCounts()
    {
        var (serializer, rejected) = Serializer();
        var forged = new CloudTask { Name = "sources/astra/accounts/a/tasks/t", State = CloudTask.Types.State.Succeeded }.ToByteArray();
        var buffer = new ArrayBufferWriter<byte>();
        serializer.Serialize(new SharedTask(new CloudTask { Name = "n" }, "k"), buffer);
        var tampered = buffer.WrittenSpan.ToArray();
        tampered[^40] ^= 1;

        Assert.Throws<RedisEntryRejectedException>(() => serializer.Deserialize(new ReadOnlySequence<byte>(forged)));
        Assert.Throws<RedisEntryRejectedException>(() => serializer.Deserialize(new ReadOnlySequence<byte>(tampered)));
        Assert.Throws<RedisEntryRejectedException>(() => serializer.Deserialize(new ReadOnlySequence<byte>(new byte[SharedTaskSerializer.MaxEntryBytes + 1])));
        Assert.Equal(3, rejected());
    }

    [Fact]
    public void SharedTaskSerializer_GenuineEntryPutBackAfterTheLongestWindow_ThrowsAndCounts()
    {
        // Redis' expiry is not signed: whoever can write there can put a genuine old entry back without one.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var (serializer, rejected) = Serializer(time);
        var buffer = new ArrayBufferWriter<byte>();
        serializer.Serialize(new SharedTask(new CloudTask { Name = "sources/astra/accounts/a/tasks/t" }, "k"), buffer);
        var entry = new ReadOnlySequence<byte>(buffer.WrittenMemory.ToArray());

        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("k", serializer.Deserialize(entry).Key);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Throws<RedisEntryRejectedException>(() => serializer.Deserialize(entry));
        Assert.Equal(1, rejected());
    }

    [Fact]
    public void RedisRejections_Flood_CountsEveryItemLogsOncePerInterval()
    {
        var time = new SteppedTime();
        var logs = new CountingLoggers();
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var telemetry = new GatewayTelemetry(services.GetRequiredService<IMeterFactory>(), new SourceCircuits(() => []));
        long counted = 0;
        using var listener = Listen(telemetry, () => Interlocked.Increment(ref counted));
        var rejections = new RedisRejections(telemetry, logs, time);

        for (var i = 0; i < 1000; i++)
        {
            rejections.Reject("message", SharedSnapshotCodec.Reasons.Signature);
        }

        time.Advance(RedisRejections.LogInterval);
        rejections.Reject("message", SharedSnapshotCodec.Reasons.Signature);

        Assert.Equal(1001, counted);
        Assert.Equal(2, logs.Count(2103));
    }

    [Fact]
    public void RedisOptionsValidator_RedisWithoutPageTokenKey_RefusedNamingItWithTheOtherErrors()
    {
        var validator = new RedisOptionsValidator(BoundOptions<GatewayOptions>.Of(new GatewayOptions()));

        var result = validator.Validate(null, new RedisOptions { Configuration = "redis:6379,password=p", LeaseTtl = TimeSpan.Zero });

        Assert.False(result.Succeeded);
        Assert.Contains(result.Failures!, f => f.StartsWith("TaskGateway:PageTokenKey: required", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("TaskGateway:Redis:LeaseTtl", StringComparison.Ordinal));
        Assert.DoesNotContain("password=p", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redis:6379", "00:00:10", true)]
    [InlineData("redis:6379,password=p,ssl=true", "00:00:03", true)]
    [InlineData("redis:6379", "00:00:00.5", false)]
    [InlineData("redis:6379,nonsense=1", "00:00:10", false)]
    public void RedisOptionsValidator_Settings_CheckedWithoutEchoingTheConfiguration(string configuration, string ttl, bool valid)
    {
        var settings = BoundOptions<GatewayOptions>.Of(new GatewayOptions { PageTokenKey = PageTokenKey });
        var result = new RedisOptionsValidator(settings).Validate(null, new RedisOptions { Configuration = configuration, LeaseTtl = TimeSpan.Parse(ttl, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(valid, result.Succeeded);
        Assert.DoesNotContain("password=p", result.FailureMessage ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public void RedisOptionsValidator_NoRedis_NoPageTokenKeyNeeded() =>
        Assert.True(new RedisOptionsValidator(BoundOptions<GatewayOptions>.Of(new GatewayOptions())).Validate(null, new RedisOptions()).Succeeded);

    private static SourceOptions Source(string endpoint, string token) =>
        new() { Kind = "AstraTask", Endpoint = endpoint, Auth = new AuthOptions { Scheme = "Bearer", Token = token } };

    private static (SharedTaskSerializer Serializer, Func<long> Rejected) Serializer(TimeProvider? time = null)
    {
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var telemetry = new GatewayTelemetry(services.GetRequiredService<IMeterFactory>(), new SourceCircuits(() => []));
        long counted = 0;
        var listener = Listen(telemetry, () => Interlocked.Increment(ref counted));
        var serializer = new SharedTaskSerializer(RedisMac.FromPageTokenKey(PageTokenKey), new RedisRejections(telemetry, NullLoggerFactory.Instance, TimeProvider.System),
            time ?? TimeProvider.System, TimeSpan.FromSeconds(30));
        return (serializer, () =>
        {
            GC.KeepAlive(listener);
            return Interlocked.Read(ref counted);
        });
    }

    private static MeterListener Listen(GatewayTelemetry telemetry, Action counted)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == telemetry.Meter && instrument.Name == "taskgateway.redis.rejected")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
        {
            for (var i = 0; i < value; i++)
            {
                counted();
            }
        });
        listener.Start();
        return listener;
    }

    private sealed class SteppedTime : TimeProvider
    {
        private long _now = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _now);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _now, by.Ticks);
    }

    private sealed class CountingLoggers : ILoggerFactory, ILogger
    {
        private readonly System.Collections.Concurrent.ConcurrentBag<int> _events = [];

        public int Count(int eventId) => _events.Count(e => e == eventId);

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => this;

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) => _events.Add(eventId.Id);
    }
}
