using System.Net;
using System.Security.Claims;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TaskGateway.Contracts.V1;
using TaskGateway.Sandbox;
using StatusCode = Grpc.Core.StatusCode;

namespace TaskGateway.FunctionalTests;

/// <summary>Per-caller grants (TaskGateway:Callers:Grants) over real gRPC and REST calls against the sandbox.</summary>
public class CallerGrantTests
{
    private const string AlphaKey = "alpha-key-0123456789abcdefghijklmnop";
    private const string BetaKey = "beta-key-0123456789abcdefghijklmnopq";
    private const string GammaKey = "gamma-key-0123456789abcdefghijklmnop";
    private const string Issuer = "https://issuer.test";
    private const string Audience = "taskgateway";
    private static readonly string SigningKey = Convert.ToBase64String("0123456789abcdef0123456789abcdef-signing"u8.ToArray());

    // alpha: the astra source; beta: one DMS instance; gamma: none; the JWT subject svc-billing: exports.
    private static Task<GatewayInstance> StartWithGrantsAsync(Action<Dictionary<string, string?>>? more = null, Microsoft.Extensions.Logging.ILoggerProvider? logs = null) =>
        GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s["TaskGateway:Callers:ApiKeys:alpha"] = AlphaKey;
            s["TaskGateway:Callers:ApiKeys:beta"] = BetaKey;
            s["TaskGateway:Callers:ApiKeys:gamma"] = GammaKey;
            s["TaskGateway:Callers:Jwt:Issuer"] = Issuer;
            s["TaskGateway:Callers:Jwt:Audience"] = Audience;
            s["TaskGateway:Callers:Jwt:SigningKey"] = SigningKey;
            s["TaskGateway:Callers:Grants:0:ApiKey"] = "alpha";
            s["TaskGateway:Callers:Grants:0:Allow:0"] = "astra";
            s["TaskGateway:Callers:Grants:1:ApiKey"] = "beta";
            s["TaskGateway:Callers:Grants:1:Allow:0"] = Names.DmsParent + "/";
            s["TaskGateway:Callers:Grants:2:Claim"] = "sub";
            s["TaskGateway:Callers:Grants:2:Value"] = "svc-billing";
            s["TaskGateway:Callers:Grants:2:Issuer"] = Issuer;
            s["TaskGateway:Callers:Grants:2:Allow:0"] = "exports";
            s["TaskGateway:Callers:Grants:3:Claim"] = "sub";
            s["TaskGateway:Callers:Grants:3:Value"] = "svc-pinned";
            s["TaskGateway:Callers:Grants:3:Issuer"] = "https://another-issuer.test";
            s["TaskGateway:Callers:Grants:3:Allow:0"] = "astra";
            more?.Invoke(s);
        }, logs: logs);

    private static Metadata Key(string key) => new() { { "x-api-key", key } };

    private static string Jwt(string subject, string? nameClaim = null)
    {
        var now = DateTime.UtcNow;
        var claims = new List<Claim> { new("sub", subject) };
        if (nameClaim is not null)
        {
            // What an API key identity carries as its key name: it must mean nothing in a JWT.
            claims.Add(new Claim(ClaimTypes.Name, nameClaim));
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = now.AddMinutes(-10),
            IssuedAt = now.AddMinutes(-10),
            Expires = now.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    private static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    private static string ReasonOf(RpcException e) => e.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason;

    private static async Task FirstEventAsync<T>(AsyncServerStreamingCall<T> call, CancellationToken cancellationToken)
    {
        using (call)
        {
            Assert.True(await call.ResponseStream.MoveNext(cancellationToken));
        }
    }

    // The four methods on a task and its parent, as one caller.
    private static IEnumerable<(string Method, Func<Task> Call)> AllMethods(GatewayInstance gateway, string task, string parent, Metadata headers, CancellationToken cancellationToken)
    {
        yield return ("GetTask", () => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = task }, headers).ResponseAsync);
        yield return ("ListTasks", () => gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = parent }, headers).ResponseAsync);
        yield return ("WatchTask", () => FirstEventAsync(gateway.Client.WatchTask(new WatchTaskRequest { Name = task }, headers, cancellationToken: cancellationToken), cancellationToken));
        yield return ("WatchTasks", () => FirstEventAsync(gateway.Client.WatchTasks(new WatchTasksRequest { Parent = parent }, headers, cancellationToken: cancellationToken), cancellationToken));
    }

    public static TheoryData<string, string, string> Refused => new()
    {
        // alpha may read astra only.
        { "alpha", Names.DmsLive, Names.DmsParent },
        { "alpha", Names.CloudDcLive, $"sources/clouddc/projects/{SandboxIds.Project}" },
        // beta may read one DMS instance: not another, nor the project above it.
        { "beta", $"sources/dms/projects/{SandboxIds.Project}/instances/other-instance/scheduledTasks/{SandboxIds.DmsLiveTask}", $"sources/dms/projects/{SandboxIds.Project}/instances/other-instance" },
        { "beta", Names.AstraLive, Names.AstraParent },
        // gamma has no grant at all.
        { "gamma", Names.AstraLive, Names.AstraParent },
        // The JWT subject svc-billing may read exports only.
        { "jwt", Names.AstraLive, Names.AstraParent },
        // A subject granted under another issuer is not granted by this one's tokens.
        { "jwt-other-issuer", Names.AstraLive, Names.AstraParent },
        // A JWT carrying the API key handler's name claim is not that API key's caller.
        { "jwt-named-alpha", Names.AstraLive, Names.AstraParent },
    };

    private static Metadata As(string caller) => caller switch
    {
        "alpha" => Key(AlphaKey),
        "beta" => Key(BetaKey),
        "gamma" => Key(GammaKey),
        "jwt" => Bearer(Jwt("svc-billing")),
        "jwt-other-issuer" => Bearer(Jwt("svc-pinned")),
        "jwt-named-alpha" => Bearer(Jwt("svc-other", nameClaim: "alpha")),
        _ => throw new ArgumentOutOfRangeException(nameof(caller)),
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task AllMethods_OutsideTheCallersGrants_PermissionDeniedBeforeAnyUpstreamCall(string caller, string task, string parent)
    {
        await using var gateway = await StartWithGrantsAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var before = gateway.Sandbox.Requests.Count;

        foreach (var (method, call) in AllMethods(gateway, task, parent, As(caller), stop.Token))
        {
            var e = await Assert.ThrowsAsync<RpcException>(call);
            Assert.True(e.StatusCode == StatusCode.PermissionDenied, $"{method}: {e.Status}");
            Assert.Equal("CALLER_NOT_GRANTED", ReasonOf(e));
        }

        Assert.Equal(before, gateway.Sandbox.Requests.Count);
    }

    public static TheoryData<string, string, string> Granted => new()
    {
        { "alpha", Names.AstraLive, Names.AstraParent },
        { "beta", Names.DmsLive, Names.DmsParent },
        { "jwt", Names.ExportLive, Names.ExportsParent },
    };

    [Theory]
    [MemberData(nameof(Granted))]
    public async Task AllMethods_WithinTheCallersGrants_Served(string caller, string task, string parent)
    {
        await using var gateway = await StartWithGrantsAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        foreach (var (_, call) in AllMethods(gateway, task, parent, As(caller), stop.Token))
        {
            await call();
        }
    }

    [Fact]
    public async Task ListSources_WithGrants_ListsOnlyTheCallersSources()
    {
        await using var gateway = await StartWithGrantsAsync();

        async Task<string[]> AliasesAsync(Metadata headers) =>
            [.. (await gateway.Client.ListSourcesAsync(new ListSourcesRequest(), headers)).Sources.Select(s => s.Alias)];

        Assert.Equal(["astra"], await AliasesAsync(Key(AlphaKey)));
        Assert.Equal(["dms"], await AliasesAsync(Key(BetaKey)));
        Assert.Empty(await AliasesAsync(Key(GammaKey)));
        Assert.Equal(["exports"], await AliasesAsync(Bearer(Jwt("svc-billing"))));
    }

    [Fact]
    public async Task RestGet_NameOutsideGrantsThroughDotSegments_RefusedWithoutUpstreamCall()
    {
        await using var gateway = await StartWithGrantsAsync();
        var before = gateway.Sandbox.Requests.Count;

        // beta's prefix is one DMS instance; dot segments must not walk a name out of it (or into it).
        foreach (var path in new[]
        {
            $"/v1/{Names.DmsParent}/../other-instance/scheduledTasks/{SandboxIds.DmsLiveTask}",
            $"/v1/{Names.DmsParent}/%2E%2E/other-instance/scheduledTasks/{SandboxIds.DmsLiveTask}",
            $"/v1/{Names.AstraParent}/../../dms/projects/{SandboxIds.Project}/instances/{SandboxIds.DmsInstance}/scheduledTasks/{SandboxIds.DmsLiveTask}",
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { "x-api-key", BetaKey } } };
            using var response = await gateway.Rest.SendAsync(request);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        }

        Assert.Equal(before, gateway.Sandbox.Requests.Count);
    }

    [Fact]
    public async Task Start_BadGrants_RefusedWithEveryError()
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => StartWithGrantsAsync(s =>
        {
            s["TaskGateway:Callers:Grants:4:ApiKey"] = "nobody";
            s["TaskGateway:Callers:Grants:4:Allow:0"] = "sources/astra/../dms/";
            s["TaskGateway:Callers:Grants:5:ApiKey"] = "alpha";
        }));

        Assert.Contains(e.Failures, f => f.StartsWith("TaskGateway:Callers:Grants:4:ApiKey", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("TaskGateway:Callers:Grants:4:Allow:0", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("TaskGateway:Callers:Grants:5:Allow", StringComparison.Ordinal));
        Assert.DoesNotContain(AlphaKey, string.Join("\n", e.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithoutGrants_SaysOnceThatEveryCallerReadsEverySource()
    {
        using var logs = new CapturedLogs();
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(logs: logs);

        Assert.Single(logs.Lines, l => l.Contains("[4022]", StringComparison.Ordinal));
        Assert.Equal(5, (await gateway.Client.ListSourcesAsync(new ListSourcesRequest())).Sources.Count);
    }
}
