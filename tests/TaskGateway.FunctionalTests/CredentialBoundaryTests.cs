using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Resilience;
using TaskGateway.Sandbox;
using StatusCode = Grpc.Core.StatusCode;

namespace TaskGateway.FunctionalTests;

/// <summary>
/// The pass-through boundary (a caller's own upstream token, never the gateway's in its place), per credential scope
/// circuits, GetTask scans charged to their caller, and quiet upstream 404s: over real channels against the sandbox.
/// </summary>
public class CredentialBoundaryTests
{
    private const string Header = "x-upstream-token";

    private static string ReasonOf(RpcException e) => e.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason;

    private static Metadata Token(string token) => new() { { Header, token } };

    // Every method, as a caller with these headers makes it; a stream's first event or its error.
    private static IEnumerable<(string Method, Func<Task> Call)> AllMethods(GatewayInstance gateway, Metadata? headers)
    {
        yield return ("GetTask", () => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, headers).ResponseAsync);
        yield return ("ListTasks", () => gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = Names.AstraParent }, headers).ResponseAsync);
        yield return ("WatchTask", async () =>
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var watch = gateway.Client.WatchTask(new WatchTaskRequest { Name = Names.AstraLive }, headers, cancellationToken: stop.Token);
            await watch.ResponseStream.MoveNext(stop.Token);
        });
        yield return ("WatchTasks", async () =>
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var watch = gateway.Client.WatchTasks(new WatchTasksRequest { Parent = Names.AstraParent }, headers, cancellationToken: stop.Token);
            await watch.ResponseStream.MoveNext(stop.Token);
        });
    }

    [Fact]
    public async Task Start_PassThroughSourceWithGatewayToken_RefusedNamingTheKeys()
    {
        // The sandbox's astra source has a gateway token; passing callers' tokens through as well used to let a caller
        // that sent none read with the gateway's.
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayInstance.StartWithSourcesAsync(configure: s =>
            s["TaskGateway:Sources:astra:Auth:PassCallerToken"] = "true"));

        var failure = Assert.Single(e.Failures, f => f.StartsWith("TaskGateway:Sources:astra:Auth:Token", StringComparison.Ordinal));
        Assert.Contains("TaskGateway:Sources:astra:Auth:PassCallerToken", failure, StringComparison.Ordinal);
        Assert.Contains("TaskGateway:Sources:astra:Auth:AllowGatewayTokenFallback", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(SandboxCredentials.AstraToken, string.Join("\n", e.Failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task AllMethods_PassThroughSourceMissingOrEmptyToken_UnauthenticatedBeforeAnyUpstreamCall(string? token)
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s.Remove("TaskGateway:Sources:astra:Auth:Token");
            s["TaskGateway:Sources:astra:Auth:PassCallerToken"] = "true";
        });
        var headers = token is null ? null : Token(token);
        var before = gateway.Sandbox.Requests.Count;

        foreach (var (method, call) in AllMethods(gateway, headers))
        {
            var e = await Assert.ThrowsAsync<RpcException>(call);
            Assert.True(e.StatusCode == StatusCode.Unauthenticated, $"{method}: {e.Status}");
            Assert.Equal("UPSTREAM_TOKEN_REQUIRED", ReasonOf(e));
        }

        Assert.Equal(before, gateway.Sandbox.Requests.Count);
    }

    [Fact]
    public async Task Start_GatewayTokenFallbackOptIn_WarnsAndCallersWithoutTokenReadWithTheGatewaysToken()
    {
        using var logs = new CapturedLogs();
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s["TaskGateway:Sources:astra:Auth:PassCallerToken"] = "true";
            s["TaskGateway:Sources:astra:Auth:AllowGatewayTokenFallback"] = "true";
        }, logs: logs);

        var warning = Assert.Single(logs.Lines, l => l.Contains("[4020]", StringComparison.Ordinal));
        Assert.StartsWith("Warning", warning, StringComparison.Ordinal);
        Assert.Contains("astra", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(SandboxCredentials.AstraToken, warning, StringComparison.Ordinal);

        // What the operator asked for: no token, the gateway's; a caller's own token still wins.
        Assert.Equal(Names.AstraLive, (await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive })).Task.Name);
        var denied = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, Token(SandboxCredentials.AstraOtherUserToken)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
    }

    // The bucket a caller token's pipeline lands in, computed as the gateway documents it (SHA-256, first 8 bytes
    // big-endian, modulo the bucket count), so the test can say which tenants share a circuit.
    private static ulong BucketOf(string token, int buckets) =>
        BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(token))) % (ulong)buckets;

    [Fact]
    public async Task GetTask_OneTenantThrottled_OpensNoCircuitOfTheGatewaysCredentialsOrAnotherTenant()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s["TaskGateway:Sources:astra:Auth:PassCallerToken"] = "true";
            s["TaskGateway:Sources:astra:Auth:AllowGatewayTokenFallback"] = "true";
            s["TaskGateway:Sources:astra:CircuitBreakerMinimumThroughput"] = "2";
            s["TaskGateway:Sources:astra:CircuitBreakerFailureRatio"] = "0.5";
            s["TaskGateway:Sources:astra:CircuitBreakerBreakDuration"] = "00:05:00";
        });
        var tenantA = Token(SandboxCredentials.AstraToken);
        var tenantB = Token(SandboxCredentials.AstraOtherUserToken);
        Assert.NotEqual(BucketOf(SandboxCredentials.AstraToken, 32), BucketOf(SandboxCredentials.AstraOtherUserToken, 32));

        // Tenant A is throttled until its circuit opens (the gateway then refuses A without calling upstream).
        gateway.Sandbox.Faults.Enqueue(SandboxIds.AstraLiveTask, new SandboxFault(429, """{"error":{"code":429,"message":"slow down"}}"""), times: 1000);
        var opened = false;
        for (var i = 0; i < 20 && !opened; i++)
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, tenantA).ResponseAsync);
            opened = ReasonOf(e) == "UPSTREAM_CIRCUIT_OPEN";
        }

        Assert.True(opened, "tenant A's 429s never opened its circuit");
        gateway.Sandbox.Faults.Clear();

        // The gateway's own credentials are served, and health says their circuit is closed.
        Assert.Equal(Names.AstraLive, (await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive })).Task.Name);
        Assert.Equal(CircuitState.Closed, gateway.Services.GetRequiredService<SourceCircuits>().Get("astra", UpstreamPurpose.Request));

        // Tenant B reaches the backend (which refuses B's token for this account: its own answer, not an open circuit).
        var before = gateway.Sandbox.Requests.Count;
        var b = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, tenantB).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, b.StatusCode);
        Assert.Equal(before + 1, gateway.Sandbox.Requests.Count);

        // Tenant A's circuit is still open: the isolation is per scope, not a reset.
        var a = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, tenantA).ResponseAsync);
        Assert.Equal("UPSTREAM_CIRCUIT_OPEN", ReasonOf(a));
    }

    [Fact]
    public async Task GetTask_UpstreamNotFound_LoggedAtDebugNotWarningAndCounted()
    {
        using var logs = new CapturedLogs();
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s => s["Logging:LogLevel:TaskGateway"] = "Debug", logs: logs);
        var missing = $"{Names.AstraParent}/tasks/a1b2c3d4-0000-4000-8000-0000000009ff";

        for (var i = 0; i < 3; i++)
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = missing }).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, e.StatusCode);
            Assert.Equal("TASK_NOT_FOUND", ReasonOf(e));
        }

        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("[1001]", StringComparison.Ordinal));
        Assert.True(3 == logs.Lines.Count(l => l.StartsWith("Debug", StringComparison.Ordinal) && l.Contains("[1005]", StringComparison.Ordinal) && l.Contains("astra", StringComparison.Ordinal)), string.Join("\n", logs.Lines.Where(l => l.Contains("astra", StringComparison.Ordinal) && !l.StartsWith("Scope", StringComparison.Ordinal))));

        // Every gateway in the process exports the meter of its name: at least this test's three.
        var metrics = await gateway.Rest.GetStringAsync("/metrics");
        var count = System.Text.RegularExpressions.Regex.Match(metrics, "taskgateway_upstream_not_found_total\\{[^}]*source=\"astra\"[^}]*\\} (\\d+)");
        Assert.True(count.Success, "no taskgateway_upstream_not_found_total for astra");
        Assert.True(long.Parse(count.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 3);
    }

    // A list page of fifty export tasks none of which is the one asked for, and a marker to a next page.
    private static string EndlessExportPage() =>
        "{\"export_tasks\":[" + string.Join(",", Enumerable.Range(0, 50).Select(i => $"{{\"export_task_id\":\"fill{i:D4}\",\"status\":\"Success\"}}"))
        + "],\"page\":{\"count\":100000,\"marker\":\"more\"}}";

    [Fact]
    public async Task GetTask_ListScanOverCallersRate_ResourceExhaustedWithRetryInfoAfterFewPages()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s["TaskGateway:Callers:RequestsPerSecond"] = "1";
            s["TaskGateway:Callers:Burst"] = "3";
        });
        gateway.Sandbox.Faults.Enqueue("/export-tasks", new SandboxFault(200, EndlessExportPage()), times: 1000);
        var before = gateway.Sandbox.Requests.Count;

        var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = $"{Names.ExportsParent}/exportTasks/madeup0001" }).ResponseAsync);

        // The call took one token, its first page is the call itself, and each further page one more: the bucket of
        // three runs dry after the third page (a fourth when a token refills meanwhile), far before the 20-page budget.
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Equal("RATE_LIMITED", ReasonOf(e));
        Assert.NotNull(e.GetRpcStatus()!.GetDetail<RetryInfo>());
        Assert.InRange(gateway.Sandbox.Requests.Count - before, 3, 4);
        var metrics = await gateway.Rest.GetStringAsync("/metrics");
        Assert.Matches("taskgateway_scan_pages_total\\{[^}]*outcome=\"refused\"[^}]*source=\"exports\"", metrics);
        Assert.Matches("taskgateway_scan_pages_total\\{[^}]*outcome=\"charged\"[^}]*source=\"exports\"", metrics);
    }
}
