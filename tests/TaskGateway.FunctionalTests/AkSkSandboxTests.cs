using System.Net;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using TaskGateway.Backends.Huawei;
using TaskGateway.Contracts.V1;
using TaskGateway.Sandbox;
using StatusCode = Grpc.Core.StatusCode;

namespace TaskGateway.FunctionalTests;

/// <summary>
/// The sandbox checks AK/SK requests the way Huawei's API gateway does, deciding itself which headers must be
/// signed; and the gateway's temporary credentials (X-Security-Token) get through it.
/// </summary>
public class AkSkSandboxTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private const string Date = "20261122T120000Z";
    private static readonly string StatusPath = $"/v1/{SandboxIds.Project}/instances/{SandboxIds.CloudDcLiveInstance}/status";

    // A request signed over exactly the given headers (lower-case names; host is the sandbox's authority).
    private static async Task<(HttpStatusCode Status, string Body)> SendSignedAsync(SandboxServer sandbox, string accessKey, string secretKey, string[] signed,
        string? securityToken = null)
    {
        using var client = new HttpClient { BaseAddress = sandbox.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, StatusPath);
        request.Headers.TryAddWithoutValidation("X-Sdk-Date", Date);
        if (securityToken is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Security-Token", securityToken);
        }

        var values = new Dictionary<string, string>
        {
            ["host"] = sandbox.BaseAddress.Authority,
            ["x-sdk-date"] = Date,
            ["x-security-token"] = securityToken ?? string.Empty,
        };
        var headers = signed.Select(n => new KeyValuePair<string, string>(n, values[n])).ToList();
        var canonical = HuaweiSigner.CanonicalRequest("GET", StatusPath, string.Empty, headers, HuaweiSigner.EmptyBodyHash);
        request.Headers.TryAddWithoutValidation("Authorization",
            HuaweiSigner.AuthorizationHeader(accessKey, HuaweiSigner.SignedHeaderList(signed), HuaweiSigner.Sign(canonical, Date, secretKey)));
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Task<SandboxServer> StartSandboxAsync() => SandboxServer.StartAsync(new SandboxOptions(), new FakeTimeProvider(Now));

    [Fact]
    public async Task Sandbox_SignedOverHostAndDate_Served()
    {
        await using var sandbox = await StartSandboxAsync();

        var (status, _) = await SendSignedAsync(sandbox, SandboxCredentials.AccessKey, SandboxCredentials.SecretKey, ["host", "x-sdk-date"]);

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Theory]
    [InlineData("x-sdk-date")]
    [InlineData("host")]
    public async Task Sandbox_SignedOverFewerThanHostAndDate_Refused401(string onlySigned)
    {
        await using var sandbox = await StartSandboxAsync();

        var (status, body) = await SendSignedAsync(sandbox, SandboxCredentials.AccessKey, SandboxCredentials.SecretKey, [onlySigned]);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("\"error_code\":\"APIG.0301\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sandbox_TemporaryKeyWithSignedSecurityToken_Served()
    {
        await using var sandbox = await StartSandboxAsync();

        var (status, _) = await SendSignedAsync(sandbox, SandboxCredentials.TemporaryAccessKey, SandboxCredentials.TemporarySecretKey,
            ["host", "x-sdk-date", "x-security-token"], SandboxCredentials.SecurityToken);

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Sandbox_TemporaryKeyWithoutSecurityToken_Refused401()
    {
        await using var sandbox = await StartSandboxAsync();

        var (status, _) = await SendSignedAsync(sandbox, SandboxCredentials.TemporaryAccessKey, SandboxCredentials.TemporarySecretKey, ["host", "x-sdk-date"]);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Sandbox_TemporaryKeySecurityTokenNotSigned_Refused401()
    {
        await using var sandbox = await StartSandboxAsync();

        var (status, _) = await SendSignedAsync(sandbox, SandboxCredentials.TemporaryAccessKey, SandboxCredentials.TemporarySecretKey,
            ["host", "x-sdk-date"], SandboxCredentials.SecurityToken);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Sandbox_TemporaryKeyWithAnotherToken_Refused401()
    {
        await using var sandbox = await StartSandboxAsync();

        var (status, _) = await SendSignedAsync(sandbox, SandboxCredentials.TemporaryAccessKey, SandboxCredentials.TemporarySecretKey,
            ["host", "x-sdk-date", "x-security-token"], "another-token");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task GetTask_AkSkSourceWithSecurityToken_SignedTokenAccepted()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s => Temporary(s, SandboxCredentials.SecurityToken));

        var response = await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive });

        Assert.Equal(Names.CloudDcLive, response.Task.Name);
    }

    [Fact]
    public async Task GetTask_AkSkSourceWithWrongSecurityToken_InternalUpstreamCredentialsRejected()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s => Temporary(s, "expired-token"));

        var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcLive }).ResponseAsync);

        Assert.Equal(StatusCode.Internal, e.StatusCode);
        Assert.Equal("UPSTREAM_CREDENTIALS_REJECTED", e.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
    }

    private static void Temporary(Dictionary<string, string?> settings, string token)
    {
        settings["TaskGateway:Sources:clouddc:Auth:AccessKey"] = SandboxCredentials.TemporaryAccessKey;
        settings["TaskGateway:Sources:clouddc:Auth:SecretKey"] = SandboxCredentials.TemporarySecretKey;
        settings["TaskGateway:Sources:clouddc:Auth:SecurityToken"] = token;
    }
}
