using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TaskGateway.Contracts.V1;
using TaskGateway.Hosting;
using TaskGateway.Sandbox;
using SharedFetches = TaskGateway.Services.SharedFetches;
using StatusCode = Grpc.Core.StatusCode;

namespace TaskGateway.FunctionalTests.Promises;

/// <summary>README's promises about callers, secrets, shared fetches and readiness that had no test of their own.</summary>
public class CallerPromiseTests
{
    private const string Issuer = "https://issuer.test";
    private const string Audience = "taskgateway";
    private static readonly string SigningKey = Convert.ToBase64String("promises-0123456789abcdef-signing-key"u8.ToArray());

    private static string ReasonOf(RpcException e) => e.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason;

    private static string Jwt(string subject)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject)]),
            NotBefore = now.AddMinutes(-10),
            IssuedAt = now.AddMinutes(-10),
            Expires = now.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    private static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    [Fact]
    public async Task WatchTask_JwtCallersWithDifferentSubjects_EachHasItsOwnWatchStreamBudget()
    {
        // README: "Each caller (API key name, or the validated JWT issuer and subject ...) has a cap ... on open watch streams".
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(WatchTests.Clock(), s =>
        {
            s["TaskGateway:Callers:Jwt:Issuer"] = Issuer;
            s["TaskGateway:Callers:Jwt:Audience"] = Audience;
            s["TaskGateway:Callers:Jwt:SigningKey"] = SigningKey;
            s["TaskGateway:Callers:MaxWatchStreams"] = "1";
        });
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        using var billing = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.AstraLive }, Bearer(Jwt("svc-billing")), cancellationToken: stop.Token);
        Assert.True(await billing.ResponseStream.MoveNext(stop.Token));

        // Another subject of the same issuer is another caller: its own stream is served.
        using var reports = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.AstraLive }, Bearer(Jwt("svc-reports")), cancellationToken: stop.Token);
        Assert.True(await reports.ResponseStream.MoveNext(stop.Token));

        // The same subject with a fresh token is the same caller, already at its one stream.
        using var again = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.AstraLive }, Bearer(Jwt("svc-billing")), cancellationToken: stop.Token);
        var e = await Assert.ThrowsAsync<RpcException>(() => again.ResponseStream.MoveNext(stop.Token));
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Equal("TOO_MANY_WATCH_STREAMS", ReasonOf(e));
    }

    [Fact]
    public async Task WatchTask_AnonymousCallersFromDifferentAddresses_EachHasItsOwnWatchStreamBudget()
    {
        // README: "Each caller (...; remote address when unauthenticated) has a cap ... on open watch streams".
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(WatchTests.Clock(), s => s["TaskGateway:Callers:MaxWatchStreams"] = "1");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var fromOne = ChannelFrom(gateway.GrpcAddress, IPAddress.Parse("127.0.0.1"));
        using var fromTwo = ChannelFrom(gateway.GrpcAddress, IPAddress.Parse("127.0.0.2"));
        var one = new TaskService.TaskServiceClient(fromOne);
        var two = new TaskService.TaskServiceClient(fromTwo);

        using var first = one.WatchTask(new WatchTaskRequest { Name = Names.AstraLive }, cancellationToken: stop.Token);
        Assert.True(await first.ResponseStream.MoveNext(stop.Token));

        // Another loopback address is another anonymous caller.
        using var other = two.WatchTask(new WatchTaskRequest { Name = Names.AstraLive }, cancellationToken: stop.Token);
        Assert.True(await other.ResponseStream.MoveNext(stop.Token));

        // The first address, on another connection, is still the same caller.
        using var sameAddress = ChannelFrom(gateway.GrpcAddress, IPAddress.Parse("127.0.0.1"));
        using var again = new TaskService.TaskServiceClient(sameAddress).WatchTask(new WatchTaskRequest { Name = Names.AstraLive }, cancellationToken: stop.Token);
        var e = await Assert.ThrowsAsync<RpcException>(() => again.ResponseStream.MoveNext(stop.Token));
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Equal("TOO_MANY_WATCH_STREAMS", ReasonOf(e));
    }

    /// <summary>A channel whose connections leave from <paramref name="local"/> (any 127.0.0.0/8 address is loopback on Linux).</summary>
    private static GrpcChannel ChannelFrom(Uri address, IPAddress local) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, token);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        },
    });

    [Fact]
    public async Task GetTask_SecretFileAndEnvironmentSetTheSameKey_SecretFileWins()
    {
        // README: "every file in TaskGateway:SecretsDirectory ... is one key ... Secret files win over the environment."
        const string Prefix = "TG19PROMISES_";
        const string Variable = Prefix + "TaskGateway__Sources__dms__Auth__Token";
        var directory = Directory.CreateTempSubdirectory("taskgateway-secrets-");
        Environment.SetEnvironmentVariable(Variable, "an-environment-token-the-sandbox-refuses");
        try
        {
            // Control: with no secret file, the environment's (wrong) token is the one sent.
            await using (var fromEnvironment = await PromiseGateway.StartAsync(directory.FullName, Prefix))
            {
                var e = await Assert.ThrowsAsync<RpcException>(() => fromEnvironment.Client.GetTaskAsync(new GetTaskRequest { Name = Names.DmsLive }).ResponseAsync);
                Assert.Equal(StatusCode.Internal, e.StatusCode);
                Assert.Equal("UPSTREAM_CREDENTIALS_REJECTED", ReasonOf(e));
            }

            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "TaskGateway__Sources__dms__Auth__Token"), SandboxCredentials.HuaweiToken + "\n");
            await using var fromFile = await PromiseGateway.StartAsync(directory.FullName, Prefix);
            var response = await fromFile.Client.GetTaskAsync(new GetTaskRequest { Name = Names.DmsLive });
            Assert.Equal(Names.DmsLive, response.Task.Name);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task GetTask_OneJoinedCallersDeadlineExpires_SharedFetchStillAnswersTheOtherWithOneUpstreamCall()
    {
        // README: "The shared call runs until its last waiting caller leaves, so one caller's deadline does not cancel it for the others."
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(time);
        var fetches = gateway.Services.GetRequiredService<SharedFetches>();
        const string LivePath = "/instances/" + SandboxIds.CloudDcLiveInstance + "/status";
        // The one upstream answer waits on the sandbox's (fake) clock until the test moves it.
        gateway.Sandbox.Faults.Enqueue(LivePath, new SandboxFault(200) { Delay = TimeSpan.FromSeconds(2), PassThrough = true });
        var before = gateway.Sandbox.Requests.CountContaining(LivePath);

        var hurried = gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive }, deadline: DateTime.UtcNow.AddSeconds(3)).ResponseAsync;
        await Until(() => fetches.Waiting == 1 && gateway.Sandbox.Requests.Delaying == 1, "the first call did not start the upstream fetch");
        var patient = gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive }).ResponseAsync;
        await Until(() => fetches.Waiting == 2, "the second call did not join the fetch");

        var e = await Assert.ThrowsAsync<RpcException>(() => hurried);
        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
        await Until(() => fetches.Waiting == 1, "the first caller did not leave the fetch");
        Assert.False(patient.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(2));
        var answer = await patient;

        Assert.Equal(Names.CloudDcLive, answer.Task.Name);
        Assert.Equal(1, gateway.Sandbox.Requests.CountContaining(LivePath) - before);
    }

    [Fact]
    public async Task HttpReady_SourceCircuitOpen_Stays200WhileThatSourceIsRefused()
    {
        // README: "A failing source never makes a replica unready" (/healthz/ready), while callers get UPSTREAM_CIRCUIT_OPEN.
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s["TaskGateway:Sources:clouddc:CircuitBreakerMinimumThroughput"] = "4";
            s["TaskGateway:Sources:clouddc:CircuitBreakerBreakDuration"] = "00:10:00";
        });
        using (var ready = await gateway.Rest.GetAsync("/healthz/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        gateway.Sandbox.Faults.Enqueue("/status", new SandboxFault(503, """{"error_code":"SYS.0503","error_msg":"down"}"""), times: 1000);
        string? reason = null;
        for (var i = 0; i < 20 && reason != "UPSTREAM_CIRCUIT_OPEN"; i++)
        {
            reason = ReasonOf(await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive }).ResponseAsync));
        }

        Assert.Equal("UPSTREAM_CIRCUIT_OPEN", reason);
        using var stillReady = await gateway.Rest.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, stillReady.StatusCode);
        Assert.Equal("Healthy", await stillReady.Content.ReadAsStringAsync());
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), what);
            await Task.Delay(10);
        }
    }

    /// <summary>
    /// A gateway and sandbox built as Program builds them, with one more configuration source between the test's
    /// settings and the gateway's secret files: environment variables with a prefix of the test's own, so that the
    /// variable it sets reaches this gateway only and never another test's.
    /// </summary>
    private sealed class PromiseGateway : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly SandboxServer _sandbox;
        private readonly GrpcChannel _channel;

        private PromiseGateway(WebApplication app, SandboxServer sandbox)
        {
            _app = app;
            _sandbox = sandbox;
            _channel = GrpcChannel.ForAddress(app.Services.GetRequiredService<GatewayAddresses>().Grpc);
            Client = new TaskService.TaskServiceClient(_channel);
        }

        public TaskService.TaskServiceClient Client { get; }

        public static async Task<PromiseGateway> StartAsync(string secretsDirectory, string environmentPrefix)
        {
            var sandbox = await SandboxServer.StartAsync(new SandboxOptions(), TimeProvider.System);
            var settings = sandbox.SourceConfiguration().ToDictionary(kv => "TaskGateway:Sources:" + kv.Key, kv => kv.Value);
            settings.Remove("TaskGateway:Sources:dms:Auth:Token");
            settings["TaskGateway:Sources:dms:MaxRetries"] = "0";
            settings["TaskGateway:SecretsDirectory"] = secretsDirectory;
            settings["TaskGateway:Hosting:GrpcPort"] = "0";
            settings["TaskGateway:Hosting:RestPort"] = "0";
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Configuration.AddEnvironmentVariables(environmentPrefix);
            builder.Logging.ClearProviders();
            builder.AddTaskGateway();
            var app = builder.Build();
            app.UseTaskGateway();
            await app.StartAsync();
            return new PromiseGateway(app, sandbox);
        }

        public async ValueTask DisposeAsync()
        {
            _channel.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
            await _sandbox.DisposeAsync();
        }
    }
}
