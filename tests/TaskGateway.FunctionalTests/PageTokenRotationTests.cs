using System.Security.Cryptography;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using TaskGateway.Contracts.V1;
using TaskGateway.Sandbox;
using StatusCode = Grpc.Core.StatusCode;

namespace TaskGateway.FunctionalTests;

/// <summary>Page and resume tokens across a key rotation and past their maximum age, through real gRPC calls.</summary>
public class PageTokenRotationTests
{
    private static readonly string KeyA = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string KeyB = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static async Task<string> FirstPageTokenAsync(GatewayInstance gateway)
    {
        var first = await gateway.Client.ListSourcesAsync(new ListSourcesRequest { PageSize = 1 });
        Assert.NotEmpty(first.NextPageToken);
        return first.NextPageToken;
    }

    [Fact]
    public async Task ListSources_PageTokenOfKeyA_OpensOnGatewayWithCurrentKeyBAndPreviousKeyA()
    {
        string token;
        await using (var before = await GatewayInstance.StartWithSourcesAsync(configure: s => s["TaskGateway:PageTokenKey"] = KeyA))
        {
            token = await FirstPageTokenAsync(before);
        }

        await using var rotating = await GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s["TaskGateway:PageTokenKey"] = KeyB;
            s["TaskGateway:PageTokenPreviousKey"] = KeyA;
        });
        var second = await rotating.Client.ListSourcesAsync(new ListSourcesRequest { PageSize = 1, PageToken = token });

        Assert.Equal("sources/" + SandboxServer.Aliases.Order(StringComparer.Ordinal).ElementAt(1), Assert.Single(second.Sources).Name);

        // New tokens are sealed with B: a gateway that knows only B opens them, one that knows only A does not.
        await using var onlyB = await GatewayInstance.StartWithSourcesAsync(configure: s => s["TaskGateway:PageTokenKey"] = KeyB);
        await onlyB.Client.ListSourcesAsync(new ListSourcesRequest { PageSize = 1, PageToken = second.NextPageToken });
        var refused = await Assert.ThrowsAsync<RpcException>(() => onlyB.Client.ListSourcesAsync(new ListSourcesRequest { PageSize = 1, PageToken = token }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
    }

    [Fact]
    public async Task ListTasks_PageTokenPastMaxAge_InvalidArgumentSayingItExpired()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(time, s =>
        {
            s["TaskGateway:PageTokenKey"] = KeyA;
            s["TaskGateway:PageTokenMaxAge"] = "01:00:00";
        });
        var first = await gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = Names.DmsParent, PageSize = 1 });
        Assert.NotEmpty(first.NextPageToken);

        time.Advance(TimeSpan.FromHours(1));
        var e = await Assert.ThrowsAsync<RpcException>(() =>
            gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = Names.DmsParent, PageSize = 1, PageToken = first.NextPageToken }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        var violation = Assert.Single(e.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal("page_token", violation.Field);
        Assert.Contains("expired", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PreviousKeyTooShortAndMaxAgeTooLong_RefusesToStartNamingBoth()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s["TaskGateway:PageTokenKey"] = KeyA;
            s["TaskGateway:PageTokenPreviousKey"] = "c2hvcnQ=";
            s["TaskGateway:PageTokenMaxAge"] = "31.00:00:00";
        }));

        Assert.Contains("TaskGateway:PageTokenPreviousKey", e.Message, StringComparison.Ordinal);
        Assert.Contains("TaskGateway:PageTokenMaxAge", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2hvcnQ=", e.ToString(), StringComparison.Ordinal);
    }
}
