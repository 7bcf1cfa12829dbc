using Microsoft.Extensions.Logging.Abstractions;
using TaskGateway.Contracts.V1;
using TaskGateway.Events.Store;
using TaskGateway.Security;

namespace TaskGateway.Tests.Security;

public class CallerSubscriptionOwnersTests
{
    private const string Target = "sources/astra/accounts/a/tasks/t";

    [Theory]
    [InlineData("apikey:ops")]
    [InlineData("jwt:https://issuer.example|svc")]
    public void RevokedBecause_OwnerStillAcceptedAndGranted_Null(string owner) =>
        Assert.Null(Owners(Authenticated()).RevokedBecause(Subscription(owner)));

    [Fact]
    public void RevokedBecause_ApiKeyRemoved_NamesTheKey()
    {
        var reason = Owners(Authenticated()).RevokedBecause(Subscription("apikey:gone"));

        Assert.Equal("its owner's API key 'gone' is no longer configured (TaskGateway:Callers:ApiKeys)", reason);
    }

    [Theory]
    [InlineData("astra", null)]
    [InlineData("sources/astra/accounts/a/", null)]
    [InlineData("sources/astra/accounts/b/", "its owner's API key 'ops' is no longer granted its target (TaskGateway:Callers:Grants)")]
    [InlineData("iotda", "its owner's API key 'ops' is no longer granted its target (TaskGateway:Callers:Grants)")]
    public void RevokedBecause_ApiKeysGrants_CoveredOrNot(string allow, string? expected)
    {
        var grants = new CallerGrantsOptions { Grants = [new CallerGrantsEntry { ApiKey = "ops", Allow = [allow] }] };

        Assert.Equal(expected, Owners(Authenticated(), grants).RevokedBecause(Subscription("apikey:ops")));
    }

    [Fact]
    public void RevokedBecause_GrantsOnlyForOtherCallers_ApiKeyOwnerRevoked()
    {
        var grants = new CallerGrantsOptions { Grants = [new CallerGrantsEntry { Claim = "sub", Value = "svc", Allow = ["*"] }] };

        Assert.NotNull(Owners(Authenticated(), grants).RevokedBecause(Subscription("apikey:ops")));
        // Grants on JWT claims cannot be checked again from the stored owner: JWT owners are left as they are.
        Assert.Null(Owners(Authenticated(), grants).RevokedBecause(Subscription("jwt:https://issuer.example|other")));
    }

    [Fact]
    public void RevokedBecause_JwtNoLongerAccepted_Revoked() =>
        Assert.NotNull(Owners(new CallerOptions { ApiKeys = { ["ops"] = "k" } }).RevokedBecause(Subscription("jwt:https://issuer.example|svc")));

    [Theory]
    [InlineData(true, null)]
    [InlineData(false, "its owner called without credentials, which the gateway no longer accepts (TaskGateway:Callers:AllowUnauthenticatedRemote)")]
    public void RevokedBecause_AnonymousOwner_OnlyWhileRemoteCallersWithoutCredentialsAreServed(bool allowRemote, string? expected) =>
        Assert.Equal(expected, Owners(new CallerOptions { AllowUnauthenticatedRemote = allowRemote }).RevokedBecause(Subscription("anonymous:203.0.113.7")));

    [Fact]
    public void RevokedBecause_LocalOnlyOwner_OnlyWhileTheGatewayIsLocalOnly()
    {
        Assert.Null(Owners(new CallerOptions()).RevokedBecause(Subscription(string.Empty)));
        Assert.NotNull(Owners(Authenticated()).RevokedBecause(Subscription(string.Empty)));
        Assert.NotNull(Owners(new CallerOptions { AllowUnauthenticatedRemote = true }).RevokedBecause(Subscription(string.Empty)));
    }

    [Fact]
    public void RevokedBecause_UnknownKindOfOwner_Revoked() =>
        Assert.NotNull(Owners(Authenticated()).RevokedBecause(Subscription("other:Cookies")));

    private static CallerOptions Authenticated() => new()
    {
        ApiKeys = { ["ops"] = "a-long-enough-api-key-value" },
        Jwt = new CallerJwtOptions { Authority = "https://issuer.example" },
    };

    private static CallerSubscriptionOwners Owners(CallerOptions callers, CallerGrantsOptions? grants = null) => new(
        Microsoft.Extensions.Options.Options.Create(callers),
        new CallerGrants(Microsoft.Extensions.Options.Options.Create(grants ?? new CallerGrantsOptions()), NullLogger<CallerGrants>.Instance));

    private static SubscriptionRecord Subscription(string owner) => new(
        "s1", owner, Target, TaskTarget: true, string.Empty, string.Empty, "https://sink.example/hook", "whsec_x", Sink.Types.ContentMode.Structured,
        TaskGateway.Contracts.V1.Subscription.Types.State.Active, DateTimeOffset.UnixEpoch, Watching: true, LastDelivery: null);
}
