using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TaskGateway.Events;
using TaskGateway.Events.Webhooks;

namespace TaskGateway.Tests.Events.Webhooks;

/// <summary>What the sender logs: its own event ids, the sink's host only, never the secret, the sink's path or query, or its body.</summary>
public sealed class WebhookSenderLoggingTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private LoopbackReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await LoopbackReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private WebhookSender Sender(IHostResolver resolver, CapturingLoggerFactory logs)
    {
        var options = Options.Create(new EventsOptions { AllowedSinkHosts = ["127.0.0.1"] });
        return new WebhookSender(options, _time, new CloudEventWriter(options), new WebhookSigner(_time), SinkAddressPolicy.From(options), resolver, logs);
    }

    [Fact]
    public async Task SendAsync_EveryOutcome_LogsHostOnlyWithOwnEventIds()
    {
        var resolver = new FakeHostResolver().Answer("rebind.example.com", "10.0.0.1");
        using var logs = new CapturingLoggerFactory();
        using var sender = Sender(resolver, logs);
        _receiver.On("/gone/path-token-123", 410).On("/fail/path-token-123", async context =>
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync("body-secret-456");
        });

        await sender.SendAsync(WebhookTestData.Claimed(_receiver.Url("/ok/path-token-123?query-token=789")), CancellationToken.None);
        await sender.SendAsync(WebhookTestData.Claimed(_receiver.Url("/gone/path-token-123?query-token=789")), CancellationToken.None);
        await sender.SendAsync(WebhookTestData.Claimed(_receiver.Url("/fail/path-token-123?query-token=789")), CancellationToken.None);
        await sender.SendAsync(WebhookTestData.Claimed("https://rebind.example.com/path-token-123?query-token=789"), CancellationToken.None);

        var lines = logs.Lines.ToArray();
        Assert.Equal([5020, 5022, 5021, 5023, 5021], lines.Select(l => l.Id.Id));
        Assert.All(lines, line =>
        {
            Assert.DoesNotContain("MfKQ9r8", line.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("path-token-123", line.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("query-token", line.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("body-secret", line.Message, StringComparison.Ordinal);
            Assert.Null(line.Exception);
        });
        Assert.Contains("127.0.0.1:" + _receiver.Port, lines[0].Message, StringComparison.Ordinal);
        Assert.Contains("rebind.example.com", lines[3].Message, StringComparison.Ordinal);
    }
}
