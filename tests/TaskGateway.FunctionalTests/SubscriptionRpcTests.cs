using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.Logging;
using TaskGateway.Contracts.V1;
using StatusCode = Grpc.Core.StatusCode;

namespace TaskGateway.FunctionalTests;

/// <summary>
/// The subscription methods over real gRPC and REST, against the real SQLite store (a file of each test's own) and
/// the real sink validator. Sinks are on loopback, allowed for these tests by TaskGateway:Events:AllowedSinkHosts;
/// nothing here waits for a delivery (the engine's tests do).
/// </summary>
public sealed class SubscriptionRpcTests : IDisposable
{
    private const string KeyA = "subs-key-a-0123456789abcdefghijklmn";
    private const string KeyB = "subs-key-b-0123456789abcdefghijklmn";
    private const string SinkUri = "http://127.0.0.1:9/hooks";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tg-subscriptions-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private Task<GatewayInstance> StartAsync(Action<Dictionary<string, string?>>? more = null, ILoggerProvider? logs = null) =>
        GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s["TaskGateway:Events:SqlitePath"] = Path.Combine(_folder, "events.db");
            s["TaskGateway:Events:AllowedSinkHosts:0"] = "127.0.0.1";
            more?.Invoke(s);
        }, logs: logs);

    private Task<GatewayInstance> StartWithKeysAsync(Action<Dictionary<string, string?>>? more = null) => StartAsync(s =>
    {
        s["TaskGateway:Callers:ApiKeys:a"] = KeyA;
        s["TaskGateway:Callers:ApiKeys:b"] = KeyB;
        more?.Invoke(s);
    });

    private static Metadata Key(string key) => new() { { "x-api-key", key } };

    private static Subscription TaskSubscription(string target = Names.IotdaLive) => new() { Target = target, Until = "state = SUCCEEDED", Sink = new Sink { Uri = SinkUri } };

    private static string ReasonOf(RpcException e) => e.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason;

    [Fact]
    public async Task CreateGetListDelete_OverGrpc_SecretOnlyInCreateThenGone()
    {
        await using var gateway = await StartAsync();
        var client = gateway.Client;

        var created = (await client.CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = TaskSubscription() })).Subscription;
        var got = (await client.GetSubscriptionAsync(new GetSubscriptionRequest { Name = created.Name })).Subscription;
        var listed = await client.ListSubscriptionsAsync(new ListSubscriptionsRequest());
        await client.DeleteSubscriptionAsync(new DeleteSubscriptionRequest { Name = created.Name });
        var gone = await Assert.ThrowsAsync<RpcException>(() => client.GetSubscriptionAsync(new GetSubscriptionRequest { Name = created.Name }).ResponseAsync);

        Assert.Matches("^subscriptions/[0-7][0-9a-hjkmnp-tv-z]{25}$", created.Name);
        Assert.StartsWith("whsec_", created.Sink.Secret, StringComparison.Ordinal);
        Assert.Equal(Subscription.Types.State.Active, created.State);
        Assert.Equal((created.Name, Names.IotdaLive, "state = SUCCEEDED", SinkUri), (got.Name, got.Target, got.Until, got.Sink.Uri));
        Assert.Empty(got.Sink.Secret);
        Assert.Equal(created.CreateTime, got.CreateTime);
        Assert.Equal([created.Name], listed.Subscriptions.Select(s => s.Name));
        Assert.Empty(listed.Subscriptions[0].Sink.Secret);
        Assert.Equal((StatusCode.NotFound, "SUBSCRIPTION_NOT_FOUND"), (gone.StatusCode, ReasonOf(gone)));
    }

    [Fact]
    public async Task CreateGetListDelete_OverRest_SubscriptionIsTheBody()
    {
        await using var gateway = await StartAsync();

        using var post = await gateway.Rest.PostAsJsonAsync("/v1/subscriptions", new { target = Names.AstraParent, filter = "state = FAILED", sink = new { uri = SinkUri, contentMode = "BINARY" } });
        using var created = JsonDocument.Parse(await post.Content.ReadAsStringAsync());
        var name = created.RootElement.GetProperty("name").GetString()!;
        using var got = JsonDocument.Parse(await gateway.Rest.GetStringAsync("/v1/" + name));
        using var listed = JsonDocument.Parse(await gateway.Rest.GetStringAsync("/v1/subscriptions?pageSize=10"));
        using var delete = await gateway.Rest.DeleteAsync("/v1/" + name);
        using var again = await gateway.Rest.GetAsync("/v1/" + name);

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.StartsWith("whsec_", created.RootElement.GetProperty("sink").GetProperty("secret").GetString(), StringComparison.Ordinal);
        Assert.Equal("ACTIVE", got.RootElement.GetProperty("state").GetString());
        Assert.Equal("BINARY", got.RootElement.GetProperty("sink").GetProperty("contentMode").GetString());
        Assert.Equal("state = FAILED", got.RootElement.GetProperty("filter").GetString());
        Assert.True(!got.RootElement.GetProperty("sink").TryGetProperty("secret", out var secret) || secret.GetString() == string.Empty, "GET returned the secret");
        Assert.Equal(name, listed.RootElement.GetProperty("subscriptions")[0].GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task EveryMethod_AnotherApiKeysSubscription_NotFoundNeverPermissionDenied()
    {
        await using var gateway = await StartWithKeysAsync();
        var client = gateway.Client;
        var name = (await client.CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = TaskSubscription() }, Key(KeyA))).Subscription.Name;

        var get = await Assert.ThrowsAsync<RpcException>(() => client.GetSubscriptionAsync(new GetSubscriptionRequest { Name = name }, Key(KeyB)).ResponseAsync);
        var delete = await Assert.ThrowsAsync<RpcException>(() => client.DeleteSubscriptionAsync(new DeleteSubscriptionRequest { Name = name }, Key(KeyB)).ResponseAsync);
        var listB = await client.ListSubscriptionsAsync(new ListSubscriptionsRequest(), Key(KeyB));
        var listA = await client.ListSubscriptionsAsync(new ListSubscriptionsRequest(), Key(KeyA));

        Assert.Equal((StatusCode.NotFound, "SUBSCRIPTION_NOT_FOUND"), (get.StatusCode, ReasonOf(get)));
        Assert.Equal((StatusCode.NotFound, "SUBSCRIPTION_NOT_FOUND"), (delete.StatusCode, ReasonOf(delete)));
        Assert.Empty(listB.Subscriptions);
        Assert.Equal([name], listA.Subscriptions.Select(s => s.Name));
    }

    [Fact]
    public async Task Restart_OwnersApiKeyRemoved_SuspensionLoggedForItsSubscriptionOnlyThenActiveWhenTheKeyReturns()
    {
        string mine, theirs;
        await using (var before = await StartWithKeysAsync())
        {
            mine = (await before.Client.CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = TaskSubscription() }, Key(KeyA))).Subscription.Name;
            theirs = (await before.Client.CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = TaskSubscription() }, Key(KeyB))).Subscription.Name;
        }

        // Restarted without key a: its subscription is held back when the engine first reads the subscriptions; b's is not
        // (that it is then neither watched nor sent is the engine tests' part).
        using (var logs = new CapturedLogs())
        await using (var _ = await StartAsync(s => s["TaskGateway:Callers:ApiKeys:b"] = KeyB, logs))
        {
            await ConditionWait.UntilAsync(() => logs.Lines.Any(l => l.Contains($"{mine} suspended on this replica", StringComparison.Ordinal)), "the subscription held back", TimeSpan.FromSeconds(30));
            Assert.Contains(logs.Lines, l => l.Contains($"{mine} suspended on this replica: neither watched nor delivered while its owner's API key 'a' is not configured", StringComparison.Ordinal));
            Assert.DoesNotContain(logs.Lines, l => l.Contains($"{theirs} suspended on this replica", StringComparison.Ordinal));
        }

        // Nothing was destroyed: with the key back, the subscription is as it was.
        await using var after = await StartWithKeysAsync();
        var back = (await after.Client.GetSubscriptionAsync(new GetSubscriptionRequest { Name = mine }, Key(KeyA))).Subscription;

        Assert.Equal(Subscription.Types.State.Active, back.State);
        Assert.Null(back.LastDelivery);
    }

    [Fact]
    public async Task CreateSubscription_CallerAtItsLimit_ResourceExhaustedWhileOthersMayCreate()
    {
        await using var gateway = await StartWithKeysAsync(s => s["TaskGateway:Events:MaxSubscriptionsPerCaller"] = "1");
        var client = gateway.Client;
        await client.CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = TaskSubscription() }, Key(KeyA));

        var e = await Assert.ThrowsAsync<RpcException>(() => client.CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = TaskSubscription() }, Key(KeyA)).ResponseAsync);
        await client.CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = TaskSubscription() }, Key(KeyB));

        Assert.Equal((StatusCode.ResourceExhausted, "SUBSCRIPTION_LIMIT_REACHED"), (e.StatusCode, ReasonOf(e)));
        Assert.Single((await client.ListSubscriptionsAsync(new ListSubscriptionsRequest(), Key(KeyA))).Subscriptions);
    }

    [Fact]
    public async Task CreateSubscription_PassThroughSource_FailedPreconditionAndNothingStored()
    {
        await using var gateway = await StartAsync(s =>
        {
            s.Remove("TaskGateway:Sources:astra:Auth:Token");
            s["TaskGateway:Sources:astra:Auth:PassCallerToken"] = "true";
        });

        var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = TaskSubscription(Names.AstraLive) },
            new Metadata { { "x-upstream-token", "caller-own-token" } }).ResponseAsync);

        Assert.Equal((StatusCode.FailedPrecondition, "SUBSCRIPTION_SOURCE_PASSES_CALLER_TOKEN"), (e.StatusCode, ReasonOf(e)));
        Assert.Empty((await gateway.Client.ListSubscriptionsAsync(new ListSubscriptionsRequest())).Subscriptions);
    }

    [Fact]
    public async Task CreateSubscription_EveryFieldBad_AllViolationsAtOnceNothingStoredNoUpstreamCall()
    {
        await using var gateway = await StartAsync();
        var before = gateway.Sandbox.Requests.Count;

        var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.CreateSubscriptionAsync(new CreateSubscriptionRequest
        {
            Subscription = new Subscription
            {
                Target = Names.AstraParent,
                Until = "state = RUNNING",
                Filter = "colour = red",
                Sink = new Sink { Uri = "http://169.254.169.254/latest/meta-data", Secret = "whsec_c2hvcnQ=" },
            },
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal(
            ["subscription.filter", "subscription.sink.secret", "subscription.sink.uri", "subscription.until"],
            e.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal));
        Assert.Empty((await gateway.Client.ListSubscriptionsAsync(new ListSubscriptionsRequest())).Subscriptions);
        Assert.Equal(before, gateway.Sandbox.Requests.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("subscriptions/x")]
    [InlineData("subscriptions/01JDZ0V1W8Q7N0XG5R4D3C2B1A")]
    public async Task GetSubscription_BadName_InvalidArgumentOnName(string name)
    {
        await using var gateway = await StartAsync();

        var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetSubscriptionAsync(new GetSubscriptionRequest { Name = name }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal("name", Assert.Single(e.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public async Task EveryMethod_StoreCannotBeMade_UnavailableNamingTheSettingWhileGetTaskAndReadinessServe()
    {
        // No file can be made under /proc: the store cannot open, as on a read-only disk.
        await using var gateway = await StartAsync(s => s["TaskGateway:Events:SqlitePath"] = "/proc/taskgateway/events.db");

        var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = TaskSubscription() }).ResponseAsync);
        var list = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.ListSubscriptionsAsync(new ListSubscriptionsRequest()).ResponseAsync);
        var task = await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.IotdaLive });
        using var ready = await gateway.Rest.GetAsync("/healthz/ready");
        var readiness = await ready.Content.ReadAsStringAsync();
        var events = await new Health.HealthClient(gateway.Channel).CheckAsync(new HealthCheckRequest { Service = "events" });

        var status = e.GetRpcStatus()!;
        Assert.Equal((StatusCode.Unavailable, "EVENTS_STORE_UNAVAILABLE"), (e.StatusCode, ReasonOf(e)));
        Assert.Equal("TaskGateway:Events:SqlitePath", status.GetDetail<ErrorInfo>().Metadata["setting"]);
        Assert.Contains("TaskGateway:Events:SqlitePath", e.Status.Detail, StringComparison.Ordinal);
        Assert.NotNull(status.GetDetail<RetryInfo>());
        Assert.Equal(StatusCode.Unavailable, list.StatusCode);
        Assert.Equal(Names.IotdaLive, task.Task.Name);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.StartsWith("Degraded\nevents: Degraded: ", readiness, StringComparison.Ordinal);
        Assert.Contains("TaskGateway:Events:SqlitePath", readiness, StringComparison.Ordinal);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, events.Status);
    }

    [Fact]
    public async Task EveryMethod_EventsDisabled_UnimplementedEventsDisabled()
    {
        await using var gateway = await StartAsync(s => s["TaskGateway:Events:Enabled"] = "false");

        var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.ListSubscriptionsAsync(new ListSubscriptionsRequest()).ResponseAsync);

        Assert.Equal((StatusCode.Unimplemented, "EVENTS_DISABLED"), (e.StatusCode, ReasonOf(e)));
    }
}
