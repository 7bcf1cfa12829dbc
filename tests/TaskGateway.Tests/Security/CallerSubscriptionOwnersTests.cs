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

        Assert.Equal("its owner's API key 'gone' is not configured (TaskGateway:Callers:ApiKeys)", reason);
    }

    [Theory]
    [InlineData("astra", null)]
    [InlineData("sources/astra/accounts/a/", null)]
    [InlineData("sources/astra/accounts/b/", "its owner's API key 'ops' is not granted its target (TaskGateway:Callers:Grants)")]
    [InlineData("iotda", "its owner's API key 'ops' is not granted its target (TaskGateway:Callers:Grants)")]
    public void RevokedBecause_ApiKeysGrants_CoveredOrNot(string allow, string? expected)
    {
        var grants = new CallerGrantsOptions { Grants = [new CallerGrantsEntry { ApiKey = "ops", Allow = [allow] }] };

        Assert.Equal(expected, Owners(Authenticated(), grants).RevokedBecause(Subscription("apikey:ops")));
    }

    [Fact]
    public void RevokedBecause_GrantsOnlyOnClaims_ApiKeyOwnerRefused()
    {
        var grants = new CallerGrantsOptions { Grants = [new CallerGrantsEntry { Claim = "sub", Value = "svc", Allow = ["*"] }] };

        Assert.NotNull(Owners(Authenticated(), grants).RevokedBecause(Subscription("apikey:ops")));
    }

    [Theory]
    [InlineData(null, "sources/astra/", null)]
    [InlineData("https://issuer.example", "astra", null)]
    [InlineData("https://other.example", "astra", "no grant of its owner's issuer covers its target (TaskGateway:Callers:Grants)")]
    [InlineData(null, "sources/iotda/", "no grant of its owner's issuer covers its target (TaskGateway:Callers:Grants)")]
    public void RevokedBecause_JwtOwnerWithClaimGrants_RefusedOnlyWhenNoEntryOfItsIssuerCoversTheTarget(string? entryIssuer, string allow, string? expected)
    {
        // The owner's claims are not stored: any entry for its issuer (or for any issuer) that covers the target keeps it.
        var grants = new CallerGrantsOptions { Grants = [new CallerGrantsEntry { Claim = "groups", Value = "ops", Issuer = entryIssuer, Allow = [allow] }] };

        Assert.Equal(expected, Owners(Authenticated(), grants).RevokedBecause(Subscription("jwt:https://issuer.example|svc|with-bar")));
    }

    [Theory]
    [InlineData("jwt:https://issuer.example|svc", null)]
    [InlineData("jwt:https://issuer.example/|svc", null)]
    [InlineData("jwt:https://old.example|svc", "its owner's token issuer is not the configured one (TaskGateway:Callers:Jwt:Issuer)")]
    public void RevokedBecause_SigningKeyWithIssuer_OwnerFromAnotherIssuerRefused(string owner, string? expected)
    {
        var callers = new CallerOptions { Jwt = new CallerJwtOptions { SigningKey = new string('k', 64), Issuer = "https://issuer.example" } };

        Assert.Equal(expected, Owners(callers).RevokedBecause(Subscription(owner)));
    }

    [Fact]
    public void RevokedBecause_AuthorityWithIssuer_IssuerNotCompared() =>
        Assert.Null(Owners(new CallerOptions { Jwt = new CallerJwtOptions { Authority = "https://issuer.example", Issuer = "https://x.example" } })
            .RevokedBecause(Subscription("jwt:https://issuer.example/discovered|svc")));

    [Fact]
    public void RevokedBecause_CollectionTargetUnderAGrantedPrefix_Allowed()
    {
        var grants = new CallerGrantsOptions { Grants = [new CallerGrantsEntry { ApiKey = "ops", Allow = ["sources/astra/accounts/a/"] }] };

        Assert.Null(Owners(Authenticated(), grants).RevokedBecause(Subscription("apikey:ops") with { Target = "sources/astra/accounts/a", TaskTarget = false }));
    }

    [Fact]
    public void RevokedBecause_JwtNoLongerAccepted_Revoked() =>
        Assert.NotNull(Owners(new CallerOptions { ApiKeys = { ["ops"] = "k" } }).RevokedBecause(Subscription("jwt:https://issuer.example|svc")));

    [Theory]
    [InlineData(true, false, null)]
    [InlineData(false, false, "its owner called without credentials, which the gateway does not accept now (TaskGateway:Callers)")]
    [InlineData(true, true, "its owner called without credentials, which the gateway does not accept now (TaskGateway:Callers)")]
    public void RevokedBecause_AnonymousOwner_OnlyWhileRemoteCallersWithoutCredentialsAreServedAndNobodyAuthenticates(bool allowRemote, bool keys, string? expected)
    {
        var callers = new CallerOptions { AllowUnauthenticatedRemote = allowRemote };
        if (keys)
        {
            callers.ApiKeys["ops"] = "a-long-enough-api-key-value";
        }

        Assert.Equal(expected, Owners(callers).RevokedBecause(Subscription("anonymous:203.0.113.7")));
    }

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
