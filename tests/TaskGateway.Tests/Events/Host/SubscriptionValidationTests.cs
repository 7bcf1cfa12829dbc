using Grpc.Core;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Services;
using static TaskGateway.Tests.Events.Host.SubscriptionHostKit;

namespace TaskGateway.Tests.Events.Host;

/// <summary>CreateSubscription's checks: every bad field at once, on `subscription.*`, and nothing stored or announced.</summary>
public class SubscriptionValidationTests
{
    [Fact]
    public async Task CreateAsync_EveryFieldBad_AllViolationsAtOnceAndNothingStored()
    {
        var kit = new SubscriptionHostKit();

        var e = await Assert.ThrowsAsync<RequestValidationException>(() => kit.CreateAsync(new Subscription
        {
            Target = "sources/iotda/projects/p/instances/../x",
            Until = "colour = red",
            Filter = "state = = RUNNING",
            Sink = new Sink { Uri = "http://receiver.example.com/", Secret = "whsec_c2hvcnQ=", ContentMode = (Sink.Types.ContentMode)7 },
        }));

        Assert.Equal(
            ["subscription.target", "subscription.until", "subscription.filter", "subscription.sink.uri", "subscription.sink.secret", "subscription.sink.content_mode"],
            e.Violations.Select(v => v.Field));
        Assert.Empty(kit.Store.Rows);
        Assert.Empty(kit.DrainChanges());
    }

    [Theory]
    [InlineData("", "", "", "subscription.target")]
    [InlineData("tasks/1", "", "", "subscription.target")]
    [InlineData("sources/nowhere/accounts/a/tasks/t", "", "", "subscription.target")]
    [InlineData(CloudDcInstance, "", "", "subscription.target")]
    [InlineData("sources/iotda/projects/p/instances/i/tasks/NOT-HEX", "", "", "subscription.target")]
    [InlineData(IotdaTask, "", "state = RUNNING", "subscription.filter")]
    [InlineData(AstraParent, "state = RUNNING", "", "subscription.until")]
    [InlineData(IotdaTask, "details.nope = 1", "", "subscription.until")]
    [InlineData(AstraParent, "", "details.nope = 1", "subscription.filter")]
    [InlineData(IotdaTask, "details.percent_done >= 50", "", "subscription.until")]
    [InlineData(IotdaParent, "", "progress_percent >= 50", "subscription.filter")]
    [InlineData(IotdaTask, "progress_percent >", "", "subscription.until")]
    public async Task CreateAsync_OneBadTargetOrCondition_ViolationOnThatFieldOnly(string target, string until, string filter, string field)
    {
        var kit = new SubscriptionHostKit();

        var e = await Assert.ThrowsAsync<RequestValidationException>(() => kit.CreateAsync(new Subscription
        {
            Target = target,
            Until = until,
            Filter = filter,
            Sink = new Sink { Uri = SinkUri },
        }));

        Assert.Equal([field], e.Violations.Select(v => v.Field).Distinct());
        Assert.Empty(kit.Store.Rows);
    }

    [Theory]
    [InlineData("", "", "subscription.sink.uri")]
    [InlineData("http://receiver.example.com/", "", "subscription.sink.uri")]
    [InlineData(SinkUri, "not-a-secret", "subscription.sink.secret")]
    [InlineData(SinkUri, "whsec_c2hvcnQ=", "subscription.sink.secret")]
    [InlineData(SinkUri, "whsec_!!!!", "subscription.sink.secret")]
    public async Task CreateAsync_BadSink_ViolationOnThatFieldWithoutTheSecret(string uri, string secret, string field)
    {
        var kit = new SubscriptionHostKit();

        var e = await Assert.ThrowsAsync<RequestValidationException>(() => kit.CreateAsync(new Subscription
        {
            Target = IotdaTask,
            Sink = new Sink { Uri = uri, Secret = secret },
        }));

        var violation = Assert.Single(e.Violations);
        Assert.Equal(field, violation.Field);
        Assert.True(secret.Length == 0 || !e.Message.Contains(secret, StringComparison.Ordinal), "the message echoes the secret");
        Assert.Empty(kit.Store.Rows);
    }

    [Fact]
    public async Task CreateAsync_NoSink_UriRequired()
    {
        var kit = new SubscriptionHostKit();

        var e = await Assert.ThrowsAsync<RequestValidationException>(() => kit.CreateAsync(new Subscription { Target = IotdaTask }));

        Assert.Equal("subscription.sink.uri", Assert.Single(e.Violations).Field);
    }

    [Fact]
    public async Task CreateAsync_PassThroughSource_FailedPreconditionAndNothingStored()
    {
        var kit = new SubscriptionHostKit();

        var e = await Assert.ThrowsAsync<GatewayException>(() => kit.CreateAsync(new Subscription { Target = PassThroughTask, Sink = new Sink { Uri = SinkUri } }));

        Assert.Equal(StatusCode.FailedPrecondition, e.Code);
        Assert.Equal(ErrorReason.SubscriptionSourcePassesCallerToken, e.Reason);
        Assert.Equal("mine", e.Metadata["source"]);
        Assert.Empty(kit.Store.Rows);
    }

    [Theory]
    [InlineData(IotdaTask, true)]
    [InlineData(IotdaParent, false)]
    [InlineData(AstraTask, true)]
    [InlineData(AstraParent, false)]
    [InlineData(CloudDcInstance + "/status", true)]
    public async Task CreateAsync_TargetShapes_TaskOrCollectionBySourceShape(string target, bool task)
    {
        var kit = new SubscriptionHostKit();

        var created = await kit.CreateAsync(new Subscription { Target = target, Sink = new Sink { Uri = SinkUri } });

        var row = kit.Store.Rows[created.Subscription.Name["subscriptions/".Length..]];
        Assert.Equal(task, row.TaskTarget);
        Assert.Equal(target, row.Target);
    }

    [Fact]
    public async Task CreateAsync_TargetParsed_AuthorizedBeforeStoringAndARefusalStoresNothing()
    {
        var kit = new SubscriptionHostKit();
        var seen = new List<string>();

        await Assert.ThrowsAsync<GatewayException>(() => kit.Rpcs.CreateAsync(new CreateSubscriptionRequest { Subscription = TaskSubscription() }, "", name =>
        {
            seen.Add(name.Format());
            throw new GatewayException(StatusCode.PermissionDenied, ErrorReason.CallerNotGranted, "no");
        }, CancellationToken.None));

        Assert.Equal([IotdaTask], seen);
        Assert.Empty(kit.Store.Rows);
    }

    [Fact]
    public async Task CreateAsync_OutputOnlyFieldsSet_Ignored()
    {
        var kit = new SubscriptionHostKit();
        var request = TaskSubscription();
        request.Name = "subscriptions/mine";
        request.State = Subscription.Types.State.Disabled;
        request.LastDelivery = new Delivery { EventId = "x" };

        var created = (await kit.CreateAsync(request)).Subscription;

        Assert.NotEqual("subscriptions/mine", created.Name);
        Assert.Equal(Subscription.Types.State.Active, created.State);
        Assert.Null(created.LastDelivery);
    }
}
