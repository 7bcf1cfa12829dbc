using Grpc.Core;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Services;
using static TaskGateway.Tests.Events.Host.SubscriptionHostKit;

namespace TaskGateway.Tests.Events.Host;

/// <summary>The four methods over an in-memory store: owner scoping, the limit, paging, refusals, what the engine is told.</summary>
public class SubscriptionRpcsTests
{
    [Fact]
    public async Task CreateAsync_Valid_StoredActiveWithGeneratedSecretReturnedOnceAndEngineTold()
    {
        var kit = new SubscriptionHostKit();

        var created = (await kit.CreateAsync(TaskSubscription("state = SUCCEEDED"), "apikey:a")).Subscription;

        var id = created.Name["subscriptions/".Length..];
        var row = kit.Store.Rows[id];
        Assert.True(SubscriptionIds.IsValid(id));
        Assert.StartsWith("whsec_", created.Sink.Secret, StringComparison.Ordinal);
        Assert.Equal(row.Secret, created.Sink.Secret);
        Assert.Equal(("apikey:a", IotdaTask, "state = SUCCEEDED", SinkUri), (row.Owner, row.Target, row.Until, row.SinkUri));
        Assert.Equal(Subscription.Types.State.Active, created.State);
        Assert.Equal(Sink.Types.ContentMode.Structured, created.Sink.ContentMode);
        Assert.Equal(kit.Time.GetUtcNow(), created.CreateTime.ToDateTimeOffset());
        Assert.True(row.Watching);
        Assert.Equal([(id, true)], kit.DrainChanges());
    }

    [Fact]
    public async Task CreateAsync_CallerSecretAndBinary_Kept()
    {
        var kit = new SubscriptionHostKit();
        var request = TaskSubscription();
        request.Sink.Secret = Secret;
        request.Sink.ContentMode = Sink.Types.ContentMode.Binary;

        var created = (await kit.CreateAsync(request)).Subscription;

        Assert.Equal(Secret, created.Sink.Secret);
        Assert.Equal(Sink.Types.ContentMode.Binary, kit.Store.Rows.Values.Single().ContentMode);
    }

    [Fact]
    public async Task GetAsync_OwnAndOthers_OwnWithoutSecretOthersNotFound()
    {
        var kit = new SubscriptionHostKit(authenticated: true);
        var name = (await kit.CreateAsync(TaskSubscription(), "apikey:a")).Subscription.Name;

        var own = (await kit.Rpcs.GetAsync(new GetSubscriptionRequest { Name = name }, "apikey:a", CancellationToken.None)).Subscription;
        var e = await Assert.ThrowsAsync<GatewayException>(() => kit.Rpcs.GetAsync(new GetSubscriptionRequest { Name = name }, "apikey:b", CancellationToken.None));

        Assert.Equal(name, own.Name);
        Assert.Empty(own.Sink.Secret);
        Assert.Equal(SinkUri, own.Sink.Uri);
        Assert.Equal((StatusCode.NotFound, ErrorReason.SubscriptionNotFound), (e.Code, e.Reason));
    }

    [Fact]
    public async Task DeleteAsync_OthersThenOwn_OthersNotFoundAndKeptOwnDeletedAndEngineTold()
    {
        var kit = new SubscriptionHostKit(authenticated: true);
        var name = (await kit.CreateAsync(TaskSubscription(), "apikey:a")).Subscription.Name;
        kit.DrainChanges();

        var e = await Assert.ThrowsAsync<GatewayException>(() => kit.Rpcs.DeleteAsync(new DeleteSubscriptionRequest { Name = name }, "apikey:b", CancellationToken.None));
        Assert.Single(kit.Store.Rows);
        await kit.Rpcs.DeleteAsync(new DeleteSubscriptionRequest { Name = name }, "apikey:a", CancellationToken.None);

        Assert.Equal(ErrorReason.SubscriptionNotFound, e.Reason);
        Assert.Empty(kit.Store.Rows);
        Assert.Equal([(name["subscriptions/".Length..], false)], kit.DrainChanges());
        await Assert.ThrowsAsync<GatewayException>(() => kit.Rpcs.DeleteAsync(new DeleteSubscriptionRequest { Name = name }, "apikey:a", CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("subscriptions/")]
    [InlineData("subscriptions/01JDZ0V1W8Q7N0XG5R4D3C2B1A")]
    [InlineData("subscriptions/01jdz0v1w8q7n0xg5r4d3c2b1")]
    [InlineData("subscriptions/81jdz0v1w8q7n0xg5r4d3c2b1a")]
    [InlineData("subscriptions/01jdz0v1w8q7n0xg5r4d3c2b1u")]
    [InlineData("tasks/01jdz0v1w8q7n0xg5r4d3c2b1a")]
    [InlineData("subscriptions/01jdz0v1w8q7n0xg5r4d3c2b1a/x")]
    public async Task GetAndDelete_BadName_InvalidArgumentOnName(string name)
    {
        var kit = new SubscriptionHostKit();

        var get = await Assert.ThrowsAsync<RequestValidationException>(() => kit.Rpcs.GetAsync(new GetSubscriptionRequest { Name = name }, "", CancellationToken.None));
        var delete = await Assert.ThrowsAsync<RequestValidationException>(() => kit.Rpcs.DeleteAsync(new DeleteSubscriptionRequest { Name = name }, "", CancellationToken.None));

        Assert.Equal("name", Assert.Single(get.Violations).Field);
        Assert.Equal("name", Assert.Single(delete.Violations).Field);
    }

    [Fact]
    public async Task GetAsync_WellFormedUnknownName_NotFound()
    {
        var kit = new SubscriptionHostKit();

        var e = await Assert.ThrowsAsync<GatewayException>(() => kit.Rpcs.GetAsync(new GetSubscriptionRequest { Name = "subscriptions/01jdz0v1w8q7n0xg5r4d3c2b1a" }, "", CancellationToken.None));

        Assert.Equal(ErrorReason.SubscriptionNotFound, e.Reason);
    }

    [Fact]
    public async Task CreateAsync_AuthenticatedOwnerAtLimit_ResourceExhaustedAndNothingMoreStored()
    {
        var kit = new SubscriptionHostKit(authenticated: true, maxPerCaller: 2);
        await kit.CreateAsync(TaskSubscription(), "apikey:a");
        await kit.CreateAsync(TaskSubscription(), "apikey:a");

        var e = await Assert.ThrowsAsync<GatewayException>(() => kit.CreateAsync(TaskSubscription(), "apikey:a"));
        await kit.CreateAsync(TaskSubscription(), "apikey:b");

        Assert.Equal((StatusCode.ResourceExhausted, ErrorReason.SubscriptionLimitReached), (e.Code, e.Reason));
        Assert.Equal(2, kit.Store.Rows.Values.Count(r => r.Owner == "apikey:a"));
        Assert.Equal(3, kit.DrainChanges().Count);
    }

    [Fact]
    public async Task CreateAsync_NoCallerAuthentication_TheSharedListHasTheLimitToo()
    {
        var kit = new SubscriptionHostKit(maxPerCaller: 1);

        await kit.CreateAsync(TaskSubscription());
        var refused = await Assert.ThrowsAsync<GatewayException>(() => kit.CreateAsync(TaskSubscription()));

        Assert.Equal(ErrorReason.SubscriptionLimitReached, refused.Reason);
        Assert.Single(kit.Store.Rows);
    }

    [Fact]
    public async Task ListAsync_FivePagesOfTwo_OldestFirstWithoutSecretsAndTokenOnlyWhileMore()
    {
        var kit = new SubscriptionHostKit();
        var made = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            made.Add((await kit.CreateAsync(TaskSubscription(), "apikey:a")).Subscription.Name);
            kit.Time.Advance(TimeSpan.FromSeconds(1));
        }

        await kit.CreateAsync(TaskSubscription(), "apikey:b");
        var seen = new List<Subscription>();
        var tokens = new List<string>();
        var token = string.Empty;
        do
        {
            var page = await kit.Rpcs.ListAsync(new ListSubscriptionsRequest { PageSize = 2, PageToken = token }, "apikey:a", CancellationToken.None);
            seen.AddRange(page.Subscriptions);
            token = page.NextPageToken;
            tokens.Add(token);
        }
        while (token.Length > 0);

        Assert.Equal(made, seen.Select(s => s.Name));
        Assert.All(seen, s => Assert.Empty(s.Sink.Secret));
        Assert.Equal(3, tokens.Count);
    }

    [Fact]
    public async Task ListAsync_AnotherOwnersTokenAndNegativeSize_BothViolations()
    {
        var kit = new SubscriptionHostKit();
        for (var i = 0; i < 3; i++)
        {
            await kit.CreateAsync(TaskSubscription(), "apikey:a");
        }

        var token = (await kit.Rpcs.ListAsync(new ListSubscriptionsRequest { PageSize = 1 }, "apikey:a", CancellationToken.None)).NextPageToken;

        var e = await Assert.ThrowsAsync<RequestValidationException>(() => kit.Rpcs.ListAsync(new ListSubscriptionsRequest { PageSize = -1, PageToken = token }, "apikey:b", CancellationToken.None));

        Assert.NotEmpty(token);
        Assert.Equal(["page_size", "page_token"], e.Violations.Select(v => v.Field));
    }

    [Fact]
    public async Task EveryMethod_EventsDisabled_UnimplementedEventsDisabledAndStoreUntouched()
    {
        var kit = new SubscriptionHostKit(enabled: false);
        kit.Store.Unavailable = true;

        foreach (var call in EveryMethod(kit))
        {
            var e = await Assert.ThrowsAsync<GatewayException>(call);
            Assert.Equal((StatusCode.Unimplemented, ErrorReason.EventsDisabled), (e.Code, e.Reason));
        }
    }

    [Fact]
    public async Task EveryMethod_StoreDown_UnavailableNamingTheSettingWithRetryDelay()
    {
        var kit = new SubscriptionHostKit();
        kit.Store.Unavailable = true;

        foreach (var call in EveryMethod(kit))
        {
            var e = await Assert.ThrowsAsync<GatewayException>(call);
            Assert.Equal((StatusCode.Unavailable, ErrorReason.EventsStoreUnavailable), (e.Code, e.Reason));
            Assert.Equal(FakeSubscriptionStore.SettingName, e.Metadata["setting"]);
            Assert.Contains(FakeSubscriptionStore.SettingName, e.Message, StringComparison.Ordinal);
            Assert.NotNull(e.RetryDelay);
        }

        Assert.Empty(kit.DrainChanges());
    }

    // One call of each subscription method, on a well-formed request.
    private static Func<Task>[] EveryMethod(SubscriptionHostKit kit)
    {
        const string name = "subscriptions/01jdz0v1w8q7n0xg5r4d3c2b1a";
        return
        [
            () => kit.CreateAsync(TaskSubscription()),
            () => kit.Rpcs.GetAsync(new GetSubscriptionRequest { Name = name }, "", CancellationToken.None),
            () => kit.Rpcs.ListAsync(new ListSubscriptionsRequest(), "", CancellationToken.None),
            () => kit.Rpcs.DeleteAsync(new DeleteSubscriptionRequest { Name = name }, "", CancellationToken.None),
        ];
    }
}
