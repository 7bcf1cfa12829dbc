using System.Net;
using System.Security.Claims;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TaskGateway.Contracts.V1;
using TaskGateway.Hosting;
using TaskGateway.Sandbox;
using TaskGateway.Watch;
using StatusCode = Grpc.Core.StatusCode;

namespace TaskGateway.FunctionalTests;

/// <summary>Who may call, how much, and what never leaks: through real gRPC and REST calls.</summary>
public class SecurityTests
{
    private const string AlphaKey = "alpha-key-0123456789abcdefghijklmnop";
    private const string BetaKey = "beta-key-0123456789abcdefghijklmnopq";
    private const string Issuer = "https://issuer.test";
    private const string Audience = "taskgateway";
    private static readonly string SigningKey = Convert.ToBase64String("0123456789abcdef0123456789abcdef-signing"u8.ToArray());

    private static Task<GatewayInstance> StartWithKeysAsync(Action<Dictionary<string, string?>>? more = null, Microsoft.Extensions.Logging.ILoggerProvider? logs = null, TimeProvider? time = null) =>
        GatewayInstance.StartWithSourcesAsync(time, configure: s =>
        {
            s["TaskGateway:Callers:ApiKeys:alpha"] = AlphaKey;
            s["TaskGateway:Callers:ApiKeys:beta"] = BetaKey;
            AcceptJwt(s);
            more?.Invoke(s);
        }, logs: logs);

    /// <summary>Callers may present a JWT of <see cref="Issuer"/> for <see cref="Audience"/>, signed with <see cref="SigningKey"/>.</summary>
    private static void AcceptJwt(Dictionary<string, string?> s)
    {
        s["TaskGateway:Callers:Jwt:Issuer"] = Issuer;
        s["TaskGateway:Callers:Jwt:Audience"] = Audience;
        s["TaskGateway:Callers:Jwt:SigningKey"] = SigningKey;
    }

    private static Metadata Key(string key) => new() { { "x-api-key", key } };

    private static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    private static string Jwt(string audience = Audience, string? key = null, TimeSpan? lifetime = null, string subject = "svc-billing", string? type = null,
        IDictionary<string, object>? claims = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject)]),
            Claims = claims,
            TokenType = type,
            NotBefore = now.AddMinutes(-10),
            IssuedAt = now.AddMinutes(-10),
            Expires = now + (lifetime ?? TimeSpan.FromMinutes(10)),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(key ?? SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    private static string ReasonOf(RpcException e) => e.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason;

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key-but-long-enough-to-look-like-one")]
    [InlineData(AlphaKey + "x")]
    public async Task GetTask_MissingOrWrongApiKey_UnauthenticatedAndNothingSentUpstream(string? key)
    {
        await using var gateway = await StartWithKeysAsync();
        var before = gateway.Sandbox.Requests.Count;

        var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(
            new GetTaskRequest { Name = Names.AstraLive }, key is null ? null : Key(key)).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Equal("UNAUTHENTICATED", ReasonOf(e));
        Assert.Equal(before, gateway.Sandbox.Requests.Count);
    }

    [Fact]
    public async Task GetTask_ValidApiKey_Served()
    {
        await using var gateway = await StartWithKeysAsync();
        var response = await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, Key(BetaKey));
        Assert.Equal(Names.AstraLive, response.Task.Name);
    }

    [Fact]
    public async Task RestGet_WithAndWithoutApiKey_200And401()
    {
        await using var gateway = await StartWithKeysAsync();
        var path = "/v1/" + Names.AstraLive;

        using var refused = await gateway.Rest.GetAsync(path);
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { "x-api-key", AlphaKey } } };
        using var served = await gateway.Rest.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("UNAUTHENTICATED", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task HealthCheck_NoCredentialsHealthNotOpened_Unauthenticated()
    {
        // Deny by default: probes without a key need TaskGateway:Callers:Anonymous:Health.
        await using var gateway = await StartWithKeysAsync();
        var health = new Health.HealthClient(gateway.Channel);

        var e = await Assert.ThrowsAsync<RpcException>(() => health.CheckAsync(new HealthCheckRequest()).ResponseAsync);
        using var ready = await gateway.Rest.GetAsync("/healthz/ready");

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Equal("UNAUTHENTICATED", ReasonOf(e));
        Assert.Equal(HttpStatusCode.Unauthorized, ready.StatusCode);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest(), Key(AlphaKey))).Status);
    }

    [Fact]
    public async Task HealthCheck_NoCredentialsHealthOpened_Serving()
    {
        var logs = new CapturedLogs();
        await using var gateway = await StartWithKeysAsync(s => s["TaskGateway:Callers:Anonymous:Health"] = "true", logs);
        var health = new Health.HealthClient(gateway.Channel);

        var response = await health.CheckAsync(new HealthCheckRequest());
        using var ready = await gateway.Rest.GetAsync("/healthz/ready");
        var service = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.ListSourcesAsync(new ListSourcesRequest()).ResponseAsync);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, service.StatusCode);
        Assert.Contains(logs.Lines, l => l.Contains("[4008]", StringComparison.Ordinal) && l.Contains("health", StringComparison.Ordinal) && !l.Contains("metrics", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HealthWatch_CallerAtWatchLimit_CountedAndRefused()
    {
        // Health watches are streams like any other: they count against the caller's stream cap.
        await using var gateway = await StartWithKeysAsync(s => s["TaskGateway:Callers:MaxWatchStreams"] = "1");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var health = new Health.HealthClient(gateway.Channel);
        using var first = health.Watch(new HealthCheckRequest(), Key(AlphaKey), cancellationToken: stop.Token);
        Assert.True(await first.ResponseStream.MoveNext(stop.Token));

        using var second = health.Watch(new HealthCheckRequest(), Key(AlphaKey), cancellationToken: stop.Token);
        var e = await Assert.ThrowsAsync<RpcException>(() => second.ResponseStream.MoveNext(stop.Token));
        using var task = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.AstraLive }, Key(AlphaKey), cancellationToken: stop.Token);
        var w = await Assert.ThrowsAsync<RpcException>(() => task.ResponseStream.MoveNext(stop.Token));

        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Equal("TOO_MANY_WATCH_STREAMS", ReasonOf(e));
        Assert.Equal("TOO_MANY_WATCH_STREAMS", ReasonOf(w));
    }

    [Fact]
    public async Task WatchTask_JwtNamingAnotherCallersBucket_CountedUnderItsOwnSubject()
    {
        // A token's own taskgateway:caller claim must not choose whose limits it is counted under: here it names the
        // API key caller alpha, which already holds its one watch stream.
        await using var gateway = await StartWithKeysAsync(s => s["TaskGateway:Callers:MaxWatchStreams"] = "1");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var alpha = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.AstraLive }, Key(AlphaKey), cancellationToken: stop.Token);
        Assert.True(await alpha.ResponseStream.MoveNext(stop.Token));
        var impostor = Jwt(subject: "svc-impostor", claims: new Dictionary<string, object> { ["taskgateway:caller"] = "apikey:alpha" });

        using var watch = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.AstraLive }, Bearer(impostor), cancellationToken: stop.Token);
        Assert.True(await watch.ResponseStream.MoveNext(stop.Token));

        // And its subject's own allowance is the one it used: a second watch of the same subject is refused.
        using var again = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.AstraLive }, Bearer(Jwt(subject: "svc-impostor")), cancellationToken: stop.Token);
        var e = await Assert.ThrowsAsync<RpcException>(() => again.ResponseStream.MoveNext(stop.Token));
        Assert.Equal("TOO_MANY_WATCH_STREAMS", ReasonOf(e));
    }

    [Theory]
    [InlineData("logout+jwt")]
    [InlineData("dpop+jwt")]
    [InlineData("secevent+jwt")]
    public async Task GetTask_JwtOfAnotherType_Unauthenticated(string type)
    {
        await using var gateway = await StartWithKeysAsync();
        var before = gateway.Sandbox.Requests.Count;

        var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, Bearer(Jwt(type: type))).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Equal(before, gateway.Sandbox.Requests.Count);
    }

    [Theory]
    [InlineData("JWT")]
    [InlineData("at+jwt")]
    [InlineData("application/at+jwt")]
    public async Task GetTask_JwtOrAccessTokenType_Served(string type)
    {
        await using var gateway = await StartWithKeysAsync();
        var response = await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, Bearer(Jwt(type: type)));
        Assert.Equal(Names.AstraLive, response.Task.Name);
    }

    [Fact]
    public async Task ListSources_CallerAtCallsInFlightLimit_ResourceExhaustedUntilOneEnds()
    {
        // Two calls held in the sandbox (their answer waits on a clock that never moves) fill alpha's two slots.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(time, s =>
        {
            s["TaskGateway:Callers:ApiKeys:alpha"] = AlphaKey;
            s["TaskGateway:Callers:ApiKeys:beta"] = BetaKey;
            s["TaskGateway:Callers:MaxCallsInFlight"] = "2";
        });
        gateway.Sandbox.Faults.Enqueue("/", new SandboxFault(200) { Delay = TimeSpan.FromHours(1), PassThrough = true }, times: 2);
        var before = gateway.Sandbox.Requests.Count;
        using var held = new CancellationTokenSource();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var astra = gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, Key(AlphaKey), cancellationToken: held.Token).ResponseAsync;
        var dms = gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.DmsLive }, Key(AlphaKey), cancellationToken: held.Token).ResponseAsync;
        while (gateway.Sandbox.Requests.Count < before + 2)
        {
            await Task.Delay(10, bound.Token);
        }

        var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.ListSourcesAsync(new ListSourcesRequest(), Key(AlphaKey)).ResponseAsync);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/sources") { Headers = { { "x-api-key", AlphaKey } } };
        using var rest = await gateway.Rest.SendAsync(request);

        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Equal("TOO_MANY_CALLS_IN_FLIGHT", ReasonOf(e));
        Assert.Equal("2", e.GetRpcStatus()!.GetDetail<ErrorInfo>().Metadata["limit"]);
        Assert.Equal(TimeSpan.FromSeconds(1), e.GetRpcStatus()!.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan());
        Assert.Equal(HttpStatusCode.TooManyRequests, rest.StatusCode);

        // Another caller has its own slots, and sees the sandbox's five sources.
        Assert.Equal(5, (await gateway.Client.ListSourcesAsync(new ListSourcesRequest(), Key(BetaKey))).Sources.Count);

        // Once the held calls end, alpha's slots are free again (the server frees them when it sees the cancellation).
        await held.CancelAsync();
        await Assert.ThrowsAnyAsync<RpcException>(() => astra);
        await Assert.ThrowsAnyAsync<RpcException>(() => dms);
        while (true)
        {
            try
            {
                Assert.Equal(5, (await gateway.Client.ListSourcesAsync(new ListSourcesRequest(), Key(AlphaKey), cancellationToken: bound.Token)).Sources.Count);
                break;
            }
            catch (RpcException r) when (r.StatusCode == StatusCode.ResourceExhausted)
            {
                await Task.Delay(20, bound.Token);
            }
        }
    }

    [Fact]
    public async Task GetTask_ValidJwt_Served()
    {
        await using var gateway = await StartWithKeysAsync();
        var response = await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, Bearer(Jwt()));
        Assert.Equal(Names.AstraLive, response.Task.Name);
    }

    [Fact]
    public async Task GetTask_JwtOnlyConfigured_BearerServedOverGrpcAndRestNoCredentialsUnauthenticated()
    {
        // JWT without any API key: caller authentication is on through JWT alone, so the caller scheme is the
        // default and the fallback policy applies to both protocols.
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: AcceptJwt);
        var before = gateway.Sandbox.Requests.Count;

        var refused = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }).ResponseAsync);
        using var restRefused = await gateway.Rest.GetAsync(new Uri("/v1/" + Names.AstraLive, UriKind.Relative));
        Assert.Equal(before, gateway.Sandbox.Requests.Count);
        var served = await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, Bearer(Jwt()));
        using var rest = new HttpRequestMessage(HttpMethod.Get, "/v1/" + Names.AstraLive);
        rest.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Jwt());
        using var restServed = await gateway.Rest.SendAsync(rest);

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, restRefused.StatusCode);
        Assert.Equal(Names.AstraLive, served.Task.Name);
        Assert.Equal(HttpStatusCode.OK, restServed.StatusCode);
    }

    public static TheoryData<string> BadTokens() =>
    [
        Jwt(audience: "someone-else"),
        Jwt(key: Convert.ToBase64String("another-key-another-key-another-key!!"u8.ToArray())),
        Jwt(lifetime: TimeSpan.FromMinutes(-5)),
        "not.a.jwt",
    ];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task GetTask_BadJwt_Unauthenticated(string token)
    {
        await using var gateway = await StartWithKeysAsync();
        var before = gateway.Sandbox.Requests.Count;
        var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, Bearer(token)).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Equal(before, gateway.Sandbox.Requests.Count);
    }

    [Fact]
    public async Task GetTask_PassThroughSourceRefusesCallersToken_UnauthenticatedBlamingTheCaller()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s.Remove("TaskGateway:Sources:astra:Auth:Token");
            s["TaskGateway:Sources:astra:Auth:PassCallerToken"] = "true";
        });
        var expired = new Metadata { { "x-upstream-token", "an-expired-or-revoked-astra-token" } };

        var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, expired).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Equal("UPSTREAM_CALLER_TOKEN_REJECTED", ReasonOf(e));
        Assert.Contains("x-upstream-token", e.Status.Detail, StringComparison.Ordinal);

        // A watch ends the same way.
        using var watch = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.AstraLive }, expired);
        var w = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Unauthenticated, w.StatusCode);
        Assert.Equal("UPSTREAM_CALLER_TOKEN_REJECTED", ReasonOf(w));
    }

    [Fact]
    public async Task GetTask_RateLimitNotConfigured_OneCallerIsNeverThrottled()
    {
        // Far beyond any token bucket a default could hold (the old default refused after 100 in a burst).
        await using var gateway = await StartWithKeysAsync();
        for (var i = 0; i < 400; i++)
        {
            await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, Key(AlphaKey));
        }

        for (var i = 0; i < 100; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/" + Names.AstraLive) { Headers = { { "x-api-key", AlphaKey } } };
            using var rest = await gateway.Rest.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        }
    }

    [Fact]
    public async Task GetTask_CallerOverRate_ResourceExhaustedWithRetryInfoOthersUnaffected()
    {
        // The gateway's clock stands still: only this test moves it, so no call comes back because a call was slow.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        await using var gateway = await StartWithKeysAsync(s =>
        {
            s["TaskGateway:Callers:RequestsPerSecond"] = "1";
            s["TaskGateway:Callers:Burst"] = "3";
        }, time: time);

        // The burst of 3, then a refusal that never reaches a backend.
        for (var i = 0; i < 3; i++)
        {
            await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, Key(AlphaKey));
        }

        var before = gateway.Sandbox.Requests.Count;
        var refused = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, Key(AlphaKey)).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal("RATE_LIMITED", ReasonOf(refused));

        // One call at one per second comes back in a second.
        Assert.Equal(TimeSpan.FromSeconds(1), refused.GetRpcStatus()!.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan());
        Assert.Equal(before, gateway.Sandbox.Requests.Count);

        // Limits are per caller: beta still has its whole burst.
        for (var i = 0; i < 3; i++)
        {
            await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, Key(BetaKey));
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, "/v1/" + Names.AstraLive) { Headers = { { "x-api-key", AlphaKey } } })
        using (var rest = await gateway.Rest.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, rest.StatusCode);
        }

        // The clock, not the time the calls took, gives alpha its call back: one, and then it is refused again.
        time.Advance(TimeSpan.FromSeconds(1));
        await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, Key(AlphaKey));
        var again = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, Key(AlphaKey)).ResponseAsync);
        Assert.Equal("RATE_LIMITED", ReasonOf(again));
    }

    [Fact]
    public async Task WatchTask_CallerAtWatchLimit_ResourceExhaustedUntilOneCloses()
    {
        await using var gateway = await StartWithKeysAsync(s => s["TaskGateway:Callers:MaxWatchStreams"] = "2");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var first = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.AstraLive }, Key(AlphaKey), cancellationToken: stop.Token);
        var second = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.AstraLive }, Key(AlphaKey), cancellationToken: stop.Token);
        Assert.True(await first.ResponseStream.MoveNext(stop.Token));
        Assert.True(await second.ResponseStream.MoveNext(stop.Token));

        using var third = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.AstraLive }, Key(AlphaKey), cancellationToken: stop.Token);
        var e = await Assert.ThrowsAsync<RpcException>(() => third.ResponseStream.MoveNext(stop.Token));
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Equal("TOO_MANY_WATCH_STREAMS", ReasonOf(e));

        // Another caller has its own allowance.
        using var other = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.AstraLive }, Key(BetaKey), cancellationToken: stop.Token);
        Assert.True(await other.ResponseStream.MoveNext(stop.Token));

        first.Dispose();
        while (true)
        {
            using var again = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.AstraLive }, Key(AlphaKey), cancellationToken: stop.Token);
            try
            {
                Assert.True(await again.ResponseStream.MoveNext(stop.Token));
                break;
            }
            catch (RpcException r) when (r.StatusCode == StatusCode.ResourceExhausted)
            {
                // The server frees the slot once it sees the cancellation; ask again until it has.
                await Task.Delay(20, stop.Token);
            }
        }

        second.Dispose();
    }

    [Fact]
    public async Task Start_BeyondLoopbackWithoutCallerAuthentication_Refused()
    {
        var e = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayInstance.StartWithSourcesAsync(configure: s => s["TaskGateway:Hosting:Address"] = "0.0.0.0"));
        Assert.Contains("AllowUnauthenticatedRemote", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BeyondLoopbackWithOptIn_StartsAndLogsCritical()
    {
        var logs = new CapturedLogs();
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s["TaskGateway:Hosting:Address"] = "0.0.0.0";
            s["TaskGateway:Callers:AllowUnauthenticatedRemote"] = "true";
        }, logs: logs);

        Assert.Contains(logs.Lines, l => l.StartsWith("Critical", StringComparison.Ordinal) && l.Contains("UNAUTHENTICATED REMOTE ACCESS", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_LoopbackWithoutCallerAuthentication_SaysLoopbackOnly()
    {
        var logs = new CapturedLogs();
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(logs: logs);
        Assert.Contains(logs.Lines, l => l.Contains("[4002]", StringComparison.Ordinal) && l.Contains("loopback", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetTask_NoCallerAuthenticationWithApiKeyHeader_RunsNoAuthenticationHandler()
    {
        // Without caller authentication every caller is anonymous: no request pays for an authentication handler, and
        // a key sent anyway is neither checked nor a reason to refuse (the host's own authentication middleware, which
        // WebApplication adds unless the application has one, ran the API key handler on every request).
        var logs = new CapturedLogs();
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(logs: logs);

        var grpc = await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.DmsLive }, Key("not-a-configured-key"));
        using var rest = new HttpRequestMessage(HttpMethod.Get, "/v1/" + Names.DmsLive);
        rest.Headers.Add("x-api-key", "not-a-configured-key");
        using var restResponse = await gateway.Rest.SendAsync(rest);

        Assert.Equal(Names.DmsLive, grpc.Task.Name);
        Assert.Equal(HttpStatusCode.OK, restResponse.StatusCode);
        logs.AssertEveryLevelCaptured("Debug TaskGateway.");
        Assert.DoesNotContain(logs.Lines, l => l.Contains(nameof(TaskGateway.Security) + ".ApiKeyAuthenticationHandler", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetTask_SourceTokenFromMountedSecretFile_Served()
    {
        var directory = Directory.CreateTempSubdirectory("taskgateway-secrets-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "TaskGateway__Sources__dms__Auth__Token"), SandboxCredentials.HuaweiToken + "\n");
            await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s =>
            {
                s.Remove("TaskGateway:Sources:dms:Auth:Token");
                s["TaskGateway:SecretsDirectory"] = directory.FullName;
            });

            var response = await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.DmsLive });
            Assert.Equal(Names.DmsLive, response.Task.Name);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AllLogs_CallsWithGoodAndBadCredentials_NoSecretInAnyLine()
    {
        var logs = new CapturedLogs();
        var jwt = Jwt();
        await using (var gateway = await StartWithKeysAsync(logs: logs))
        {
            await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, Key(AlphaKey));
            await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.IotdaLive }, Bearer(jwt));
            await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.DmsLive }, Key(BetaKey));
            await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.ExportLive }, Key(BetaKey));
            await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, Key(AlphaKey + "wrong")).ResponseAsync);
            await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, Bearer(jwt + "x")).ResponseAsync);

            // The backend refuses the gateway's credentials: the error path must not echo them either.
            gateway.Sandbox.Faults.Enqueue("/tasks/", new SandboxFault(401, """{"type":"x","title":"Unauthorized","status":401}"""));
            await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, Key(AlphaKey)).ResponseAsync);
            gateway.Sandbox.Faults.Enqueue("/tasks/", new SandboxFault(500) { Abort = true });
            await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.IotdaLive }, Key(AlphaKey)).ResponseAsync);
        }

        string[] secrets = [SandboxCredentials.HuaweiToken, SandboxCredentials.SecretKey, SandboxCredentials.AstraToken, AlphaKey, BetaKey, SigningKey, jwt, jwt.Split('.')[2]];

        // Every level, and the JWT handler's own lines: appsettings.json must not hide Debug and Trace from this check.
        logs.AssertEveryLevelCaptured("Microsoft.AspNetCore.Authentication.JwtBearer");
        foreach (var line in logs.Lines)
        {
            foreach (var secret in secrets)
            {
                Assert.False(line.Contains(secret, StringComparison.Ordinal), $"a secret appeared in: {line}");
            }
        }
    }

    [Fact]
    public async Task PassThroughSource_CallersWithDifferentTokens_NeverSeeEachOthersResults()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s.Remove("TaskGateway:Sources:astra:Auth:Token");
            s["TaskGateway:Sources:astra:Auth:PassCallerToken"] = "true";
        });
        var a = new Metadata { { "x-upstream-token", SandboxCredentials.AstraToken } };
        var b = new Metadata { { "x-upstream-token", SandboxCredentials.AstraOtherUserToken } };

        var missing = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, missing.StatusCode);
        Assert.Equal("UPSTREAM_TOKEN_REQUIRED", ReasonOf(missing));

        Assert.Equal(Names.AstraLive, (await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, a)).Task.Name);
        var denied = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, b).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);

        // A watches first; B then watches the same task and must not be handed A's shared snapshot.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var watchA = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.AstraLive }, a, cancellationToken: stop.Token);
        Assert.True(await watchA.ResponseStream.MoveNext(stop.Token));
        Assert.Equal(Names.AstraLive, watchA.ResponseStream.Current.Task.Name);

        using var watchB = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.AstraLive }, b, cancellationToken: stop.Token);
        var e = await Assert.ThrowsAsync<RpcException>(() => watchB.ResponseStream.MoveNext(stop.Token));
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        Assert.True(gateway.Services.GetRequiredService<WatchHub>().ActivePollers >= 1);
    }

    [Fact]
    public async Task RestGet_HeadersOverTheLimit_RefusedBeforeAnyWork()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();
        var before = gateway.Sandbox.Requests.Count;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/" + Names.AstraLive) { Headers = { { "x-padding", new string('a', KestrelExtensions.MaxRequestHeaderBytes + 1024) } } };

        using var response = await gateway.Rest.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.Equal(before, gateway.Sandbox.Requests.Count);
    }
}
