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
    public void RefusedBecause_OwnerStillAcceptedAndGranted_Null(string owner) =>
        Assert.Null(Owners(Authenticated()).RefusedBecause(Subscription(owner)));

    [Fact]
    public void RefusedBecause_ApiKeyRemoved_NamesTheKey()
    {
        var reason = Owners(Authenticated()).RefusedBecause(Subscription("apikey:gone"));

        Assert.Equal("its owner's API key 'gone' is not configured (TaskGateway:Callers:ApiKeys)", reason);
    }

    [Theory]
    [InlineData("astra", null)]
    [InlineData("sources/astra/accounts/a/", null)]
    [InlineData("sources/astra/accounts/b/", "its owner's API key 'ops' is not granted its target (TaskGateway:Callers:Grants)")]
    [InlineData("iotda", "its owner's API key 'ops' is not granted its target (TaskGateway:Callers:Grants)")]
    public void RefusedBecause_ApiKeysGrants_CoveredOrNot(string allow, string? expected)
    {
        var grants = new CallerGrantsOptions { Grants = [new CallerGrantsEntry { ApiKey = "ops", Allow = [allow] }] };

        Assert.Equal(expected, Owners(Authenticated(), grants).RefusedBecause(Subscription("apikey:ops")));
    }

    [Fact]
    public void RefusedBecause_GrantsOnlyOnClaims_ApiKeyOwnerRefused()
    {
        var grants = new CallerGrantsOptions { Grants = [new CallerGrantsEntry { Claim = "sub", Value = "svc", Allow = ["*"] }] };

        Assert.NotNull(Owners(Authenticated(), grants).RefusedBecause(Subscription("apikey:ops")));
    }

    [Theory]
    [InlineData(null, "sources/astra/", null)]
    [InlineData("https://issuer.example", "astra", null)]
    [InlineData("https://other.example", "astra", "no grant of its owner's issuer covers its target (TaskGateway:Callers:Grants)")]
    [InlineData(null, "sources/iotda/", "no grant of its owner's issuer covers its target (TaskGateway:Callers:Grants)")]
    public void RefusedBecause_JwtOwnerWithClaimGrants_RefusedOnlyWhenNoEntryOfItsIssuerCoversTheTarget(string? entryIssuer, string allow, string? expected)
    {
        // The owner's claims are not stored: any entry for its issuer (or for any issuer) that covers the target keeps it.
        var grants = new CallerGrantsOptions { Grants = [new CallerGrantsEntry { Claim = "groups", Value = "ops", Issuer = entryIssuer, Allow = [allow] }] };

        Assert.Equal(expected, Owners(Authenticated(), grants).RefusedBecause(Subscription("jwt:https://issuer.example|svc|with-bar")));
    }

    [Theory]
    [InlineData("jwt:https://issuer.example|svc", null)]
    [InlineData("jwt:https://issuer.example/|svc", null)]
    [InlineData("jwt:https://old.example|svc", "its owner's token issuer is not the configured one (TaskGateway:Callers:Jwt:Issuer)")]
    public void RefusedBecause_SigningKeyWithIssuer_OwnerFromAnotherIssuerRefused(string owner, string? expected)
    {
        var callers = new CallerOptions { Jwt = new CallerJwtOptions { SigningKey = new string('k', 64), Issuer = "https://issuer.example" } };

        Assert.Equal(expected, Owners(callers).RefusedBecause(Subscription(owner)));
    }

    [Fact]
    public void RefusedBecause_AuthorityWithIssuer_IssuerNotCompared() =>
        Assert.Null(Owners(new CallerOptions { Jwt = new CallerJwtOptions { Authority = "https://issuer.example", Issuer = "https://x.example" } })
            .RefusedBecause(Subscription("jwt:https://issuer.example/discovered|svc")));

    [Fact]
    public void RefusedBecause_CollectionTargetUnderAGrantedPrefix_Allowed()
    {
        var grants = new CallerGrantsOptions { Grants = [new CallerGrantsEntry { ApiKey = "ops", Allow = ["sources/astra/accounts/a/"] }] };

        Assert.Null(Owners(Authenticated(), grants).RefusedBecause(Subscription("apikey:ops") with { Target = "sources/astra/accounts/a", TaskTarget = false }));
    }

    [Fact]
    public void RefusedBecause_JwtNoLongerAccepted_Refused() =>
        Assert.NotNull(Owners(new CallerOptions { ApiKeys = { ["ops"] = "k" } }).RefusedBecause(Subscription("jwt:https://issuer.example|svc")));

    [Theory]
    [InlineData(true, false, null)]
    [InlineData(false, false, "its owner called without credentials, which the gateway does not accept now (TaskGateway:Callers)")]
    [InlineData(true, true, "its owner called without credentials, which the gateway does not accept now (TaskGateway:Callers)")]
    public void RefusedBecause_AnonymousOwner_OnlyWhileRemoteCallersWithoutCredentialsAreServedAndNobodyAuthenticates(bool allowRemote, bool keys, string? expected)
    {
        var callers = new CallerOptions { AllowUnauthenticatedRemote = allowRemote };
        if (keys)
        {
            callers.ApiKeys["ops"] = "a-long-enough-api-key-value";
        }

        Assert.Equal(expected, Owners(callers).RefusedBecause(Subscription("anonymous:203.0.113.7")));
    }

    [Fact]
    public void RefusedBecause_LocalOnlyOwner_OnlyWhileTheGatewayIsLocalOnly()
    {
        Assert.Null(Owners(new CallerOptions()).RefusedBecause(Subscription(string.Empty)));
        Assert.NotNull(Owners(Authenticated()).RefusedBecause(Subscription(string.Empty)));
        Assert.NotNull(Owners(new CallerOptions { AllowUnauthenticatedRemote = true }).RefusedBecause(Subscription(string.Empty)));
    }

    [Fact]
    public void RefusedBecause_UnknownKindOfOwner_Refused() =>
        Assert.NotNull(Owners(Authenticated()).RefusedBecause(Subscription("other:Cookies")));

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
