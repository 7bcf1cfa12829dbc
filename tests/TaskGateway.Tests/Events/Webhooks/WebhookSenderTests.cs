using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StandardWebhooks;
using TaskGateway.Contracts.V1;
using TaskGateway.Events;
using TaskGateway.Events.Webhooks;

namespace TaskGateway.Tests.Events.Webhooks;

/// <summary>The sender against a real Kestrel receiver on loopback.</summary>
public sealed class WebhookSenderTests : IAsyncLifetime
{
    // Starts at the real time: the StandardWebhooks verifier checks the signed timestamp against the real clock.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private LoopbackReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await LoopbackReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private WebhookSender Sender(IHostResolver? resolver = null, params string[] allowed)
    {
        var options = Options.Create(new EventsOptions { AllowedSinkHosts = allowed.Length > 0 ? [.. allowed] : ["127.0.0.1"] });
        return new WebhookSender(options, _time, new CloudEventWriter(options), new WebhookSigner(_time), SinkAddressPolicy.From(options), resolver ?? new DnsHostResolver(), NullLoggerFactory.Instance);
    }

    private static async Task AssertSignedCloudEventAsync(ReceivedRequest received)
    {
        new StandardWebhook(WebhookTestData.Secret).Verify(received.BodyText, received.Headers);
        var parsed = await received.ToCloudEventAsync();
        Assert.Equal("evt_01jb8y7k3m4n5p6q7r8s9t0v1x", parsed.Id);
        Assert.Equal("evt_01jb8y7k3m4n5p6q7r8s9t0v1x", received.Headers["webhook-id"].ToString());
        Assert.Equal("taskgateway.task.matched", parsed.Type);
        Assert.Equal("//taskgateway/sources/iotda", parsed.Source!.OriginalString);
        Assert.Equal(WebhookTestData.TaskName, parsed.Subject);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 7, 45, 12, 345, TimeSpan.Zero), parsed.Time);
        Assert.Equal("TaskGateway-Webhooks/1", received.Headers.UserAgent.ToString());
        Assert.Equal("POST", received.Method);
    }

    [Fact]
    public async Task SendAsync_Sink204Structured_DeliveredSignedAndParsed()
    {
        using var sender = Sender();

        var result = await sender.SendAsync(WebhookTestData.Claimed(_receiver.Url("/hook?token=abc")), CancellationToken.None);

        Assert.Equal(new DeliveryResult(DeliveryResultKind.Delivered, 204, string.Empty), result);
        var received = Assert.Single(_receiver.Requests);
        Assert.StartsWith("application/cloudevents+json", received.Headers.ContentType.ToString(), StringComparison.Ordinal);
        await AssertSignedCloudEventAsync(received);
    }

    [Fact]
    public async Task SendAsync_Sink200Binary_DeliveredSignedAndParsed()
    {
        using var sender = Sender();
        _receiver.On("/hook", context => context.Response.WriteAsync(new string('x', 200_000)));

        var result = await sender.SendAsync(WebhookTestData.Claimed(_receiver.Url("/hook"), Sink.Types.ContentMode.Binary), CancellationToken.None);

        Assert.Equal(DeliveryResultKind.Delivered, result.Kind);
        Assert.Equal(200, result.HttpStatus);
        var received = Assert.Single(_receiver.Requests);
        Assert.StartsWith("application/json", received.Headers.ContentType.ToString(), StringComparison.Ordinal);
        Assert.Equal("1.0", received.Headers["ce-specversion"].ToString());
        await AssertSignedCloudEventAsync(received);
    }

    [Fact]
    public async Task SendAsync_Retried_SameIdFreshTimestamp()
    {
        using var sender = Sender();
        await sender.SendAsync(WebhookTestData.Claimed(_receiver.Url("/hook")), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));
        await sender.SendAsync(WebhookTestData.Claimed(_receiver.Url("/hook")), CancellationToken.None);

        var requests = _receiver.Requests.ToArray();
        Assert.Equal(requests[0].Headers["webhook-id"], requests[1].Headers["webhook-id"]);
        Assert.Equal(5, long.Parse(requests[1].Headers["webhook-timestamp"].ToString()) - long.Parse(requests[0].Headers["webhook-timestamp"].ToString()));
        Assert.All(requests, r => new StandardWebhook(WebhookTestData.Secret).Verify(r.BodyText, r.Headers));
    }

    [Fact]
    public async Task SendAsync_Sink410_Gone()
    {
        using var sender = Sender();
        _receiver.On("/hook", 410);

        Assert.Equal(new DeliveryResult(DeliveryResultKind.Gone, 410, "the sink answered 410 Gone"), await sender.SendAsync(WebhookTestData.Claimed(_receiver.Url("/hook")), CancellationToken.None));
    }

    [Fact]
    public async Task SendAsync_Sink429WithRetryAfterSeconds_FailedWithRetryAfter()
    {
        using var sender = Sender();
        _receiver.On("/hook", context =>
        {
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = "120";
            return Task.CompletedTask;
        });

        var result = await sender.SendAsync(WebhookTestData.Claimed(_receiver.Url("/hook")), CancellationToken.None);

        Assert.Equal(new DeliveryResult(DeliveryResultKind.Failed, 429, "the sink answered 429 Too Many Requests", TimeSpan.FromSeconds(120)), result);
    }

    [Fact]
    public async Task SendAsync_Sink503WithRetryAfterDate_RetryAfterFromTheClock()
    {
        using var sender = Sender();
        var at = _time.GetUtcNow().AddSeconds(3600);
        _receiver.On("/hook", context =>
        {
            context.Response.StatusCode = 503;
            context.Response.Headers.RetryAfter = at.ToString("R");
            return Task.CompletedTask;
        });

        var result = await sender.SendAsync(WebhookTestData.Claimed(_receiver.Url("/hook")), CancellationToken.None);

        Assert.Equal(DeliveryResultKind.Failed, result.Kind);
        Assert.Equal(503, result.HttpStatus);
        Assert.InRange(result.RetryAfter!.Value, TimeSpan.FromSeconds(3599), TimeSpan.FromSeconds(3600)); // HTTP dates hold whole seconds
    }

    [Fact]
    public async Task SendAsync_Sink500WithBody_FailedInOwnWords()
    {
        using var sender = Sender();
        _receiver.On("/hook", async context =>
        {
            context.Response.StatusCode = 500;
            context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseFeature>()!.ReasonPhrase = "Evil Phrase";
            await context.Response.WriteAsync("stack trace with a password");
        });

        var result = await sender.SendAsync(WebhookTestData.Claimed(_receiver.Url("/hook")), CancellationToken.None);

        Assert.Equal(new DeliveryResult(DeliveryResultKind.Failed, 500, "the sink answered 500 Internal Server Error"), result);
    }

    [Fact]
    public async Task SendAsync_Sink302_FailedAndTheTargetNeverReceives()
    {
        using var sender = Sender();
        _receiver.On("/hook", context =>
        {
            context.Response.Redirect(_receiver.Url("/target"));
            return Task.CompletedTask;
        });

        var result = await sender.SendAsync(WebhookTestData.Claimed(_receiver.Url("/hook")), CancellationToken.None);

        Assert.Equal(new DeliveryResult(DeliveryResultKind.Failed, 302, "the sink answered 302 Found; redirects are not followed"), result);
        Assert.Equal(["/hook"], _receiver.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task SendAsync_SinkNeverAnswers_FailedAtTheTimeoutOnTheClock()
    {
        using var sender = Sender();
        _receiver.On("/hook", context => Task.Delay(Timeout.Infinite, context.RequestAborted));

        var sending = sender.SendAsync(WebhookTestData.Claimed(_receiver.Url("/hook")), CancellationToken.None);
        await _receiver.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(sending.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(15));

        // Well under the 15 s on the real clock: only the fake clock's advance can have ended it.
        Assert.Equal(new DeliveryResult(DeliveryResultKind.Failed, 0, "the sink did not answer within 15 s"), await sending.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task SendAsync_CallerCancels_Throws()
    {
        using var sender = Sender();
        using var caller = new CancellationTokenSource();
        _receiver.On("/hook", context => Task.Delay(Timeout.Infinite, context.RequestAborted));

        var sending = sender.SendAsync(WebhookTestData.Claimed(_receiver.Url("/hook")), caller.Token);
        await _receiver.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task SendAsync_ClosedPort_FailedConnectionRefused()
    {
        using var sender = Sender();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await sender.SendAsync(WebhookTestData.Claimed($"http://127.0.0.1:{port}/hook"), CancellationToken.None);

        Assert.Equal(new DeliveryResult(DeliveryResultKind.Failed, 0, "the sink refused the connection"), result);
    }

    // A bare TCP listener stands for the sink where the test must show that no connection was even opened (an https
    // sink: the receiver could not tell a refused connection from a failed TLS handshake).
    private static TcpListener Listening()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    private static int PortOf(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

    [Fact]
    public async Task SendAsync_LocalhostNotAllowlisted_RefusedAtConnectionNothingReceived()
    {
        using var sender = Sender();
        var listener = Listening();
        try
        {
            var result = await sender.SendAsync(WebhookTestData.Claimed($"https://localhost:{PortOf(listener)}/hook"), CancellationToken.None);

            Assert.Equal(DeliveryResultKind.Failed, result.Kind);
            Assert.Equal(0, result.HttpStatus);
            Assert.Contains("a loopback address", result.Error, StringComparison.Ordinal);
            Assert.Contains("TaskGateway:Events:AllowedSinkHosts", result.Error, StringComparison.Ordinal);
            Assert.False(listener.Pending());
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task SendAsync_NameNowResolvingToLoopback_RefusedAtConnectionNothingReceived()
    {
        var resolver = new FakeHostResolver().Answer("hooks.example.com", "127.0.0.1");
        using var sender = Sender(resolver);
        var listener = Listening();
        try
        {
            var result = await sender.SendAsync(WebhookTestData.Claimed($"https://hooks.example.com:{PortOf(listener)}/hook"), CancellationToken.None);

            Assert.Equal(0, result.HttpStatus);
            Assert.Contains("resolves to a loopback address", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("127.0.0.1", result.Error, StringComparison.Ordinal);
            Assert.Equal(["hooks.example.com"], resolver.Asked);
            Assert.False(listener.Pending());
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task SendAsync_NameWithALoopbackAndAPublicAddress_NeverConnectsToLoopback()
    {
        // 192.0.2.1 (TEST-NET-1) is public to the policy and never answers: the attempt ends at the timeout (or at once
        // where there is no route), having never opened the loopback connection listed first.
        var resolver = new FakeHostResolver().Answer("hooks.example.com", "127.0.0.1", "192.0.2.1");
        using var sender = Sender(resolver);
        var listener = Listening();
        try
        {
            var sending = sender.SendAsync(WebhookTestData.Claimed($"https://hooks.example.com:{PortOf(listener)}/hook"), CancellationToken.None);
            while (resolver.Asked.Count == 0 && !sending.IsCompleted)
            {
                await Task.Delay(1);
            }

            _time.Advance(TimeSpan.FromSeconds(15));
            var result = await sending.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(0, result.HttpStatus);
            Assert.False(listener.Pending());
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task SendAsync_AllowlistedNameOnLoopback_Delivered()
    {
        var resolver = new FakeHostResolver().Answer("hooks.internal", "127.0.0.1");
        using var sender = Sender(resolver, "hooks.internal");

        var result = await sender.SendAsync(WebhookTestData.Claimed($"http://hooks.internal:{_receiver.Port}/hook"), CancellationToken.None);

        Assert.Equal(DeliveryResultKind.Delivered, result.Kind);
        Assert.Equal("hooks.internal:" + _receiver.Port, Assert.Single(_receiver.Requests).Headers.Host.ToString());
    }

    [Fact]
    public async Task SendAsync_NameThatDoesNotResolve_Failed()
    {
        using var sender = Sender(new FakeHostResolver());

        Assert.Equal(
            new DeliveryResult(DeliveryResultKind.Failed, 0, "the sink's host does not resolve"),
            await sender.SendAsync(WebhookTestData.Claimed("https://nowhere.example.com/hook"), CancellationToken.None));
    }

    [Fact]
    public async Task SendAsync_NameTheResolverCannotTake_FailedDoesNotResolve()
    {
        using var sender = Sender(new FakeHostResolver().Fail("bad-name.example.com", new ArgumentException("not a host name")));

        Assert.Equal(
            new DeliveryResult(DeliveryResultKind.Failed, 0, "the sink's host does not resolve"),
            await sender.SendAsync(WebhookTestData.Claimed("https://bad-name.example.com/hook"), CancellationToken.None));
    }

    [Fact]
    public async Task SendAsync_TimeoutNotPositive_DefaultTimeoutInsteadOfThrowing()
    {
        var options = Options.Create(new EventsOptions { AllowedSinkHosts = ["127.0.0.1"], DeliveryTimeout = TimeSpan.FromSeconds(-5) });
        using var sender = new WebhookSender(options, _time, new CloudEventWriter(options), new WebhookSigner(_time), SinkAddressPolicy.From(options), new DnsHostResolver(), NullLoggerFactory.Instance);
        _receiver.On("/hook", context => Task.Delay(Timeout.Infinite, context.RequestAborted));

        var sending = sender.SendAsync(WebhookTestData.Claimed(_receiver.Url("/hook")), CancellationToken.None);
        await _receiver.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(15));

        Assert.Equal("the sink did not answer within 15 s", (await sending.WaitAsync(TimeSpan.FromSeconds(10))).Error);
    }

    [Fact]
    public async Task SendAsync_HttpSinkNoLongerAllowlisted_FailedWithoutConnecting()
    {
        using var sender = Sender(null, "other.example.com");

        var result = await sender.SendAsync(WebhookTestData.Claimed(_receiver.Url("/hook")), CancellationToken.None);

        Assert.Equal(0, result.HttpStatus);
        Assert.Contains("must use https", result.Error, StringComparison.Ordinal);
        Assert.Empty(_receiver.Requests);
    }
}
