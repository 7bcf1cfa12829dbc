using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console.Testing;
using TaskGateway.Cli;
using TaskGateway.Contracts.V1;
using TaskGateway.FunctionalTests;
using TaskGateway.Sandbox;

namespace TaskGateway.Push;

/// <summary>
/// Push end to end, in one process over real loopback HTTP: a subscription made over gRPC, REST or the CLI, the
/// sandbox's on-demand CloudDC instances (they change only when the test advances them), and a receiver that verifies
/// each request with the StandardWebhooks package and parses it with the CloudEvents SDK. Delivery failures are
/// answered by the receiver; the retry delays are configured short (the schedule itself is tested on a fake clock).
/// </summary>
public sealed class PushDeliveryTests : IAsyncLifetime
{
    private const string Until = "details.state = running";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("tg-push-").FullName;
    private WebhookReceiver _receiver = null!;
    private GatewayInstance _gateway = null!;

    private static string Stepped(int i) => $"sources/clouddc/projects/{SandboxIds.Project}/instances/cdc-step-{i:00}/status";

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _gateway = await GatewayInstance.StartWithSourcesAsync(configure: settings =>
        {
            settings["TaskGateway:Sources:clouddc:MinPollInterval"] = "00:00:00.200";
            settings["TaskGateway:Sources:clouddc:MaxPollInterval"] = "00:00:00.200";
            settings["TaskGateway:Events:SqlitePath"] = Path.Combine(_folder, "events.db");
            settings["TaskGateway:Events:AllowedSinkHosts:0"] = "127.0.0.1";
            settings["TaskGateway:Events:DispatchInterval"] = "00:00:00.100";
            settings["TaskGateway:Events:RetryDelays:0"] = "00:00:00.100";
            settings["TaskGateway:Events:RetryDelays:1"] = "00:00:00.100";
            settings["TaskGateway:Events:RetryDelays:2"] = "00:00:00.100";
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _receiver.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task CreateSubscription_OverGrpc_DeliversTheMatchSignedWithTheTaskAsRestReturnsIt()
    {
        var name = await SubscribeAsync(Stepped(1), "grpc");
        await AdvanceAsync(1, 2);

        var delivered = await DeliveredAsync("grpc");
        Assert.Equal("taskgateway.task.matched", delivered.Event!.Type);
        Assert.Equal(Stepped(1), delivered.Event.Subject);
        Assert.Equal(delivered.WebhookId, delivered.Event.Id);
        Assert.EndsWith("/sources/clouddc", delivered.Event.Source!.ToString(), StringComparison.Ordinal);
        Assert.NotNull(delivered.Event.Time);
        // The data is the task as GET /v1/{name} returns it (the instance stays running: the same state).
        var rest = JsonNode.Parse(await _gateway.Rest.GetStringAsync(new Uri("/v1/" + Stepped(1), UriKind.Relative)))!;
        var data = JsonNode.Parse(((JsonElement)delivered.Event.Data!).GetRawText())!;
        Assert.Equal(rest["name"]!.ToString(), data["name"]!.ToString());
        Assert.Equal(rest["state"]!.ToString(), data["state"]!.ToString());
        Assert.Equal(rest["sourceState"]!.ToString(), data["sourceState"]!.ToString());
        Assert.Equal("running", data["clouddcInstanceStatus"]!["state"]!.ToString());
        await EventuallyAsync(async () => (await GetAsync(name)).State == Subscription.Types.State.Completed, "the subscription to complete");
        var subscription = await GetAsync(name);
        Assert.Equal(Delivery.Types.Outcome.Delivered, subscription.LastDelivery.Outcome);
        Assert.Equal(1, subscription.LastDelivery.Attempts);
        Assert.Empty(subscription.Sink.Secret);
    }

    [Fact]
    public async Task CreateSubscription_OverRestInBinaryMode_DeliversTheMatchWithCeHeaders()
    {
        using var response = await _gateway.Rest.PostAsJsonAsync("/v1/subscriptions", new
        {
            target = Stepped(2),
            until = Until,
            sink = new { uri = _receiver.UriFor("rest"), contentMode = "CONTENT_MODE_BINARY" },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var secret = created["sink"]!["secret"]!.ToString();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        _receiver.Trust("rest", secret);
        await AdvanceAsync(2, 2);

        var delivered = await DeliveredAsync("rest");
        Assert.Equal("taskgateway.task.matched", delivered.Event!.Type);
        Assert.Equal(Stepped(2), delivered.Event.Subject);
        Assert.StartsWith("application/json", delivered.Event.DataContentType, StringComparison.Ordinal);
        Assert.Equal("running", JsonNode.Parse(delivered.Body)!["clouddcInstanceStatus"]!["state"]!.ToString());

        // Get over REST never shows the secret again.
        var fetched = await _gateway.Rest.GetStringAsync(new Uri("/v1/" + created["name"], UriKind.Relative));
        Assert.DoesNotContain(secret, fetched, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_FromTheCli_PrintsTheSecretOnceAndDelivers()
    {
        var console = new TestConsole { Profile = { Width = 200 } };
        var exit = await CliApp.RunAsync(["subscribe", Stepped(3), "--until", Until, "--sink", _receiver.UriFor("cli"), "--address", _gateway.GrpcAddress.ToString()], console);
        Assert.Equal(0, exit);
        var secrets = System.Text.RegularExpressions.Regex.Matches(console.Output, @"whsec_[A-Za-z0-9+/=]+");
        var secret = Assert.Single(secrets).Value;
        _receiver.Trust("cli", secret);
        await AdvanceAsync(3, 2);

        var delivered = await DeliveredAsync("cli");
        Assert.Equal("taskgateway.task.matched", delivered.Event!.Type);
        Assert.Equal(Stepped(3), delivered.Event.Subject);
    }

    [Fact]
    public async Task Delivery_SinkAlwaysFails_RetriedOnTheScheduleThenDisabled()
    {
        _receiver.Answer = HttpStatusCode.InternalServerError;
        var name = await SubscribeAsync(Stepped(4), "fails");
        await AdvanceAsync(4, 2);

        await EventuallyAsync(async () => (await GetAsync(name)).State == Subscription.Types.State.Disabled, "the subscription to be disabled");
        var subscription = await GetAsync(name);
        // Three retry delays configured: the first attempt and three retries.
        Assert.Equal(4, _receiver.All.Count(r => r.Path == "fails"));
        Assert.Single(_receiver.All.Where(r => r.Path == "fails").Select(r => r.WebhookId).Distinct());
        Assert.All(_receiver.All.Where(r => r.Path == "fails"), r => Assert.True(r.Verified));
        Assert.Equal(Delivery.Types.Outcome.Failed, subscription.LastDelivery.Outcome);
        Assert.Equal(4, subscription.LastDelivery.Attempts);
        Assert.Equal(500, subscription.LastDelivery.HttpStatus);
        Assert.NotEmpty(subscription.LastDelivery.Error);
    }

    [Fact]
    public async Task Delivery_SinkAnswers410_DisabledAfterOneAttempt()
    {
        _receiver.Answer = HttpStatusCode.Gone;
        var name = await SubscribeAsync(Stepped(5), "gone");
        await AdvanceAsync(5, 2);

        await EventuallyAsync(async () => (await GetAsync(name)).State == Subscription.Types.State.Disabled, "the subscription to be disabled");
        Assert.Single(_receiver.All, r => r.Path == "gone");
        var subscription = await GetAsync(name);
        Assert.Equal(410, subscription.LastDelivery.HttpStatus);
        Assert.Equal(1, subscription.LastDelivery.Attempts);
    }

    [Fact]
    public async Task Delivery_SinkAnswers429WithRetryAfter_NextAttemptWaitsThatLong()
    {
        _receiver.Answer = HttpStatusCode.TooManyRequests;
        _receiver.RetryAfter = "120";
        var name = await SubscribeAsync(Stepped(6), "throttled");
        await AdvanceAsync(6, 2);

        await EventuallyAsync(async () => (await GetAsync(name)).LastDelivery is { Outcome: Delivery.Types.Outcome.Retrying }, "a refused attempt");
        var last = (await GetAsync(name)).LastDelivery;
        Assert.Equal(429, last.HttpStatus);
        var wait = last.NextAttemptTime.ToDateTimeOffset() - last.Time.ToDateTimeOffset();
        Assert.InRange(wait, TimeSpan.FromSeconds(119), TimeSpan.FromSeconds(121));
        Assert.Single(_receiver.All, r => r.Path == "throttled");
    }

    [Fact]
    public async Task CreateSubscription_SinkNamedLocalhostNotAllowlisted_InvalidArgumentAndNothingStored()
    {
        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => _gateway.Client.CreateSubscriptionAsync(new CreateSubscriptionRequest
        {
            Subscription = new Subscription { Target = Stepped(7), Sink = new Sink { Uri = _receiver.UriFor("x").Replace("127.0.0.1", "localhost", StringComparison.Ordinal) } },
        }).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Empty((await _gateway.Client.ListSubscriptionsAsync(new ListSubscriptionsRequest())).Subscriptions);
    }

    private async Task<string> SubscribeAsync(string task, string path)
    {
        var created = await _gateway.Client.CreateSubscriptionAsync(new CreateSubscriptionRequest
        {
            Subscription = new Subscription { Target = task, Until = Until, Sink = new Sink { Uri = _receiver.UriFor(path) } },
        });
        _receiver.Trust(path, created.Subscription.Sink.Secret);
        return created.Subscription.Name;
    }

    private async Task<Subscription> GetAsync(string name) => (await _gateway.Client.GetSubscriptionAsync(new GetSubscriptionRequest { Name = name })).Subscription;

    private async Task AdvanceAsync(int instance, int steps)
    {
        using var http = new HttpClient { BaseAddress = _gateway.Sandbox.BaseAddress };
        for (var i = 0; i < steps; i++)
        {
            using var response = await http.PostAsync(new Uri($"/_sandbox/advance?contains=cdc-step-{instance:00}", UriKind.Relative), content: null);
            response.EnsureSuccessStatusCode();
        }
    }

    private async Task<WebhookReceiver.Received> DeliveredAsync(string path)
    {
        await EventuallyAsync(() => Task.FromResult(_receiver.Delivered.Any(r => r.Path == path)), $"a verified delivery to {path}");
        return Assert.Single(_receiver.Delivered, r => r.Path == path);
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < Bound, $"timed out after {Bound} waiting for {what}");
            await Task.Delay(50);
        }
    }
}
