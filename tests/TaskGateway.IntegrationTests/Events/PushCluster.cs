using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using TaskGateway.Contracts.V1;
using TaskGateway.Push;
using TaskGateway.Sandbox;

namespace TaskGateway.IntegrationTests.Events;

/// <summary>
/// The standalone sandbox, gateway processes with push subscriptions on a store (a SQLite file or a PostgreSQL
/// database), and a webhook receiver: what a deployment runs, on loopback. The tasks watched are the sandbox's on-demand
/// CloudDC instances, which change only when the test advances them, so a match happens exactly when the test says.
/// </summary>
internal sealed partial class PushCluster : IAsyncDisposable
{
    private readonly Cluster _cluster;
    private readonly Action<Dictionary<string, string>> _store;

    private PushCluster(Cluster cluster, WebhookReceiver receiver, Action<Dictionary<string, string>> store)
    {
        _cluster = cluster;
        Receiver = receiver;
        _store = store;
    }

    public WebhookReceiver Receiver { get; }

    public Cluster Cluster => _cluster;

    /// <summary>Starts the sandbox and the receiver; gateways are added with <see cref="StartGatewayAsync"/>.</summary>
    public static async Task<PushCluster> StartAsync(Action<Dictionary<string, string>> store)
    {
        var cluster = await Cluster.StartAsync();
        return new PushCluster(cluster, await WebhookReceiver.StartAsync(), store);
    }

    /// <summary>The status resource of an on-demand CloudDC instance (cdc-step-01 to 10).</summary>
    public static string Stepped(int i) => $"sources/clouddc/projects/{SandboxIds.Project}/instances/cdc-step-{i:00}/status";

    /// <summary>A gateway process on the cluster's store; retries come quickly so that tests see them.</summary>
    public async Task<Replica> StartGatewayAsync()
    {
        var started = await _cluster.AddReplicasAsync(1, redis: null, environment =>
        {
            _store(environment);
            environment["TaskGateway__Events__AllowedSinkHosts__0"] = "127.0.0.1";
            environment["TaskGateway__Events__DispatchInterval"] = "00:00:00.200";
            environment["TaskGateway__Events__RefreshInterval"] = "00:00:01";
            environment["TaskGateway__Events__LeaseDuration"] = "00:00:20";
            environment["TaskGateway__Events__RetryDelays__0"] = "00:00:01";
            environment["TaskGateway__Events__RetryDelays__1"] = "00:00:01";
            environment["TaskGateway__Events__RetryDelays__2"] = "00:00:01";
            environment["TaskGateway__Events__RetryDelays__3"] = "00:00:01";
            environment["TaskGateway__Events__RetryDelays__4"] = "00:00:01";
            environment["TaskGateway__Events__RetryDelays__5"] = "00:00:01";
            environment["TaskGateway__Events__RetryDelays__6"] = "00:00:01";
            environment["TaskGateway__Events__RetryDelays__7"] = "00:00:01";
            environment["TaskGateway__Events__RetryDelays__8"] = "00:00:01";
            environment["TaskGateway__Events__RetryDelays__9"] = "00:00:01";
        });
        return started[0];
    }

    /// <summary>Subscribes the receiver (one path per subscription) to a task until a condition; returns the subscription's name.</summary>
    public async Task<string> SubscribeAsync(Replica gateway, string task, string until, string path)
    {
        var created = await gateway.Client.CreateSubscriptionAsync(new CreateSubscriptionRequest
        {
            Subscription = new Subscription { Target = task, Until = until, Sink = new Sink { Uri = Receiver.UriFor(path) } },
        });
        Assert.StartsWith("whsec_", created.Subscription.Sink.Secret, StringComparison.Ordinal);
        Receiver.Trust(path, created.Subscription.Sink.Secret);
        return created.Subscription.Name;
    }

    /// <summary>Moves an on-demand instance a number of steps on.</summary>
    public async Task AdvanceAsync(int instance, int steps)
    {
        for (var i = 0; i < steps; i++)
        {
            Assert.Equal(1, await _cluster.AdvanceAsync($"cdc-step-{instance:00}"));
        }
    }

    /// <summary>Watchers attached to the gateway's pollers (stream watchers and subscriptions), from its /metrics.</summary>
    public static async Task<double> WatchersAsync(Replica gateway)
    {
        var text = await gateway.Rest.GetStringAsync("/metrics");
        var match = WatchSubscribers().Match(text);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, $"timed out after {timeout} waiting for {what}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _cluster.Dispose();
        await Receiver.DisposeAsync();
    }

    [GeneratedRegex(@"(?m)^taskgateway_watch_subscribers(?:\{[^}]*\})? ([0-9.eE+]+)")]
    private static partial Regex WatchSubscribers();
}
