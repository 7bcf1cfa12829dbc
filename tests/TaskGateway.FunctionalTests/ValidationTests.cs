using System.Net;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using TaskGateway.Contracts.V1;
using StatusCode = Grpc.Core.StatusCode;

namespace TaskGateway.FunctionalTests;

/// <summary>Bad input gets INVALID_ARGUMENT with field violations and never reaches a backend.</summary>
[Collection("gateway")]
public class ValidationTests(GatewayFixture fixture)
{
    private readonly GatewayInstance _gateway = fixture.Gateway;

    [Theory]
    [InlineData("")]
    [InlineData("tasks/1")]
    [InlineData("sources/iotda/projects/p/instances/i/tasks/../../x")]
    [InlineData("sources/iotda/projects/p/instances/%2e%2e/tasks/abc")]
    [InlineData("sources/iotda/projects/p/instances/i%2Fj/tasks/abc")]
    [InlineData("sources/iotda/projects/p/instances/abc/tasks/NOT-HEX")]
    [InlineData("sources/iotda/projects/p/instances/abc/tasks/abc\u0000")]
    [InlineData("sources/iotda/projects/p/instances/0123456789abcdef0123456789abcdef01234/tasks/abc")]
    [InlineData("sources/dms/projects/p/instances/i/tasks/t")]
    [InlineData("sources/astra/accounts/a/tasks/has_underscore")]
    [InlineData("sources/clouddc/projects/p/instances/i/status/extra")]
    [InlineData("sources/exports/projects/p/exportTasks/" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("sources/iotda/projects/p/instances/i/tasks/t?x=1")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    public async Task GetTask_BadName_InvalidArgumentOnNameAndNoUpstreamRequest(string name)
    {
        var before = _gateway.Sandbox.Requests.Count;

        var e = await Assert.ThrowsAsync<RpcException>(() => _gateway.Client.GetTaskAsync(new GetTaskRequest { Name = name }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        var status = e.GetRpcStatus()!;
        Assert.Equal("name", Assert.Single(status.GetDetail<BadRequest>().FieldViolations).Field);
        Assert.Equal("INVALID_ARGUMENT", status.GetDetail<ErrorInfo>().Reason);
        Assert.Equal(before, _gateway.Sandbox.Requests.Count);
    }

    [Fact]
    public async Task ListTasks_EveryFieldBad_AllViolationsAtOnceAndNoUpstreamRequest()
    {
        var before = _gateway.Sandbox.Requests.Count;

        var e = await Assert.ThrowsAsync<RpcException>(() => _gateway.Client.ListTasksAsync(new ListTasksRequest
        {
            Parent = "sources/dms/projects/p/instances/../x",
            PageSize = -1,
            Filter = "colour = red",
            PageToken = "forged",
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal(["parent", "filter", "page_size", "page_token"], e.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(before, _gateway.Sandbox.Requests.Count);
    }

    [Fact]
    public async Task GetTask_UnknownSource_NotFoundWithoutUpstreamRequest()
    {
        var before = _gateway.Sandbox.Requests.Count;

        var e = await Assert.ThrowsAsync<RpcException>(() => _gateway.Client.GetTaskAsync(new GetTaskRequest { Name = "sources/nowhere/accounts/a/tasks/t" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, e.StatusCode);
        Assert.Equal("SOURCE_NOT_FOUND", e.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
        Assert.Equal(before, _gateway.Sandbox.Requests.Count);
    }

    [Fact]
    public async Task ListTasks_SourceWithoutList_Unimplemented()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => _gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = $"sources/clouddc/projects/{Names.P}/instances/cdc-web-01" }).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, e.StatusCode);
        Assert.Equal("METHOD_NOT_SUPPORTED_BY_SOURCE", e.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
    }

    [Fact]
    public async Task ListTasks_ParentOfOtherShape_InvalidArgument()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => _gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = $"sources/astra/projects/{Names.P}" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("sources/astra/accounts/{account}", e.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("%2e%2e")]
    [InlineData("..")]
    [InlineData("a%2Fb")]
    [InlineData("%00")]
    public async Task GetTask_RestWithTraversal_RefusedAndNoUpstreamRequest(string instance)
    {
        var before = _gateway.Sandbox.Requests.Count;

        using var response = await _gateway.Rest.GetAsync($"/v1/sources/iotda/projects/{Names.P}/instances/{instance}/tasks/abc");

        // Kestrel folds dot segments before routing (no route then matches); anything that routes fails validation.
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.NotFound });
        Assert.Equal(before, _gateway.Sandbox.Requests.Count);
    }

    [Fact]
    public async Task GetTask_RestWithInvalidId_400WithStatusBodyAndNoUpstreamRequest()
    {
        var before = _gateway.Sandbox.Requests.Count;

        using var response = await _gateway.Rest.GetAsync($"/v1/sources/iotda/projects/{Names.P}/instances/NOT-HEX/tasks/abc");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(3, json.RootElement.GetProperty("code").GetInt32());
        Assert.Contains(json.RootElement.GetProperty("details").EnumerateArray(), d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.BadRequest");
        Assert.Equal(before, _gateway.Sandbox.Requests.Count);
    }

    [Fact]
    public async Task GetTask_OversizedRequest_RefusedByGrpc()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => _gateway.Client.GetTaskAsync(new GetTaskRequest { Name = new string('a', 100_000) }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
    }

    [Fact]
    public async Task ListTasks_FilterOnFieldTheListLacks_InvalidArgumentNamingItWithoutUpstreamCall()
    {
        var before = _gateway.Sandbox.Requests.Count;

        var e = await Assert.ThrowsAsync<RpcException>(() => _gateway.Client.ListTasksAsync(
            new ListTasksRequest { Parent = Names.IotdaParent, Filter = "progress_percent >= 50" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        var violation = Assert.Single(e.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal("filter", violation.Field);
        Assert.Contains("progress_percent", violation.Description, StringComparison.Ordinal);
        Assert.Equal(before, _gateway.Sandbox.Requests.Count);

        // The same filter on a source whose list carries progress is served.
        await _gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = Names.AstraParent, Filter = "progress_percent >= 50" });
    }

    [Fact]
    public async Task WatchTasks_FilterOnFieldTheListLacks_InvalidArgument()
    {
        using var call = _gateway.Client.WatchTasks(new WatchTasksRequest { Parent = Names.IotdaParent, Filter = "state = RUNNING AND progress_percent > 10" });
        var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal("filter", Assert.Single(e.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public async Task ListSources_FilterFields_WhatEachSourceAccepts()
    {
        var sources = (await _gateway.Client.ListSourcesAsync(new ListSourcesRequest())).Sources.ToDictionary(s => s.Alias);

        Assert.DoesNotContain("progress_percent", sources["iotda"].FilterFields);
        Assert.Contains("state", sources["iotda"].FilterFields);
        Assert.Contains("progress_percent", sources["astra"].FilterFields);
        Assert.Empty(sources["clouddc"].FilterFields);
    }

    [Theory]
    [InlineData($"/v1/{Names.DmsParent}/tasks", "scheduledTasks")]
    [InlineData($"/v1/{Names.DmsParent}/tasks:watch", "scheduledTasks")]
    [InlineData($"/v1/{Names.IotdaParent}/scheduledTasks", "'tasks'")]
    [InlineData($"/v1/{Names.IotdaParent}/scheduledTasks:watch", "'tasks'")]
    public async Task Rest_CollectionOfAnotherKind_400OnParentAndNoUpstreamRequest(string path, string expected)
    {
        var before = _gateway.Sandbox.Requests.Count;

        using var response = await _gateway.Rest.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"field\":\"parent\"", body, StringComparison.Ordinal);
        Assert.Contains(expected, body, StringComparison.Ordinal);
        Assert.Equal(before, _gateway.Sandbox.Requests.Count);
    }

    [Fact]
    public async Task Grpc_TaskNameOfAnotherKindsCollection_InvalidArgumentOnName()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => _gateway.Client.GetTaskAsync(new GetTaskRequest { Name = $"{Names.DmsParent}/tasks/{SandboxIdsDms}" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("scheduledTasks", e.Status.Detail + e.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Description, StringComparison.Ordinal);
    }

    private const string SandboxIdsDms = "ff808082889e267601889e2d0000001c";
}
